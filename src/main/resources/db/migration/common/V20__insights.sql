-- Insights read a workspace's actions by when they were created.
create index actions_created on actions (workspace_id, created_at);
