-- H2 has no partial indexes.
create index jobs_ready on jobs (state, run_at);
create index jobs_leased on jobs (state, lease_until);
