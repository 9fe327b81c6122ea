-- Every finished job is deleted, so the jobs table gains dead rows as fast as jobs are worked, and
-- claims step over them until the table is vacuumed. Vacuum it after a fixed number of changes
-- instead of a share of its (always small) size, and without the cost-based pauses.
alter table jobs set (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0
);
