-- Workers only ever look at ready jobs: keep that index small.
create index jobs_ready on jobs (run_at) where state = 'ready';
create index jobs_leased on jobs (lease_until) where state = 'running';
