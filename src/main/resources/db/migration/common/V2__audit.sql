-- The head of each workspace's seal chain: the row a sealer locks, so the seals of one workspace are
-- made one at a time by whichever node gets there first. Nothing else ever reads or locks it, so no
-- proposal or transition waits on it (locking the workspaces row instead would also block every
-- insert that references the workspace by foreign key).
create table audit_seal_heads (
    workspace_id varchar(40) primary key,
    seal_no      bigint      not null,
    hash         varchar(64)
);

-- Finds a workspace's unsealed events (seal_id is null) in seq order for the sealer, and a seal's
-- events in seq order for verification.
create index audit_events_seal on audit_events (workspace_id, seal_id, seq);
