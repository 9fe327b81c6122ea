-- A workspace's pending approvals in the order they were asked for, only the pending rows kept in the
-- index: the navigation's count of them (to its cap) reads a hundred entries however many were decided.
-- No other index gives that order, so the count cannot walk the primary key past the decided ones instead.
create index approvals_pending on approvals (workspace_id, requested_at) where status = 'pending';
