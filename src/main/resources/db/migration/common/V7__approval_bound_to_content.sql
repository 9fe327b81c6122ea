-- An approval is bound to the content it approved: the digest of the tool, the arguments, the
-- conversation and a custom action's definition as the reviewer saw them. A run starts only when
-- its policy asks no person for it, or when the content about to run has exactly that digest.
-- Actions approved before this change carry none, so they ask for approval again before they run.
alter table actions add column approved_digest varchar(64);

-- A retry whose edits need a person opens a new approval for the same action, with what changed.
alter table approvals drop constraint approvals_action_unique;
create index approvals_action on approvals (action_id);
alter table approvals add column changes varchar;
