-- A seal covers the range of seq numbers after the previous seal's (after_seq, last_seq], instead of
-- marking each event it seals: sealing no longer rewrites audit events. Seals made before have no
-- range; their events keep their seal_id, and ranges skip them.
alter table audit_seals add column after_seq bigint;
alter table audit_seals add column last_seq bigint;

-- Where the next seal's range starts: after the last seq sealed, or just before the oldest event
-- that the marking seals had not reached yet.
alter table audit_seal_heads add column last_seq bigint not null default 0;
update audit_seal_heads h set last_seq = coalesce(
    (select min(e.seq) - 1 from audit_events e where e.workspace_id = h.workspace_id and e.seal_id is null),
    (select max(e.seq) from audit_events e where e.workspace_id = h.workspace_id),
    0);
