-- H2 has no partial indexes: the pending rows are those whose status is pending.
create index approvals_pending on approvals (workspace_id, status, requested_at);
