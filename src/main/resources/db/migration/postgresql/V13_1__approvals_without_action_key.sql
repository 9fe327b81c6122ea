-- An approval no longer carries a foreign key to its action. A transaction that updates an approval
-- row it has already changed re-checks that key, which takes a share lock on the action's row; an
-- escalation (approval first) could then wait for an expiry or a decision that holds the action and
-- waits for the approval, a deadlock. Approvals are written only by the action module, inside the
-- transaction that holds their action, and actions are never deleted, so the key guarded nothing
-- the application does not. On H2 (a single embedded node) the key stays.
alter table approvals drop constraint approvals_action_id_fkey;
