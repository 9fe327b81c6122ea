-- Rows written for every action no longer carry a foreign key to their workspace. Each check of
-- such a key locks the workspace's row (FOR KEY SHARE), so every transaction that writes work of
-- one workspace locked the same row: concurrent ones made PostgreSQL create a MultiXact for each
-- lock and rewrite the row's lock field, on the hottest page of the database. Workspaces are
-- never deleted, and every one of these rows takes its workspace from the authenticated caller
-- or from the action it belongs to, so the keys guarded nothing the application does not.
-- Settings, members and tokens keep theirs. On H2 (a single embedded node) all keys stay.
alter table actions drop constraint actions_workspace_id_fkey;
alter table approvals drop constraint approvals_workspace_id_fkey;
alter table leads drop constraint leads_workspace_id_fkey;
alter table bookings drop constraint bookings_workspace_id_fkey;
alter table support_tasks drop constraint support_tasks_workspace_id_fkey;
alter table notifications drop constraint notifications_workspace_id_fkey;
alter table conversation_tags drop constraint conversation_tags_workspace_id_fkey;
