-- Only events sealed by marking (before seal ranges) have a seal_id: new events no longer go into
-- this index.
drop index audit_events_seal;
create index audit_events_seal on audit_events (workspace_id, seal_id, seq) where seal_id is not null;
