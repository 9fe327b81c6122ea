-- A person may be a member of several workspaces, one member row (and one password) in each:
-- an email is unique within its workspace only. Sign-in looks members up by email.
alter table members drop constraint members_email_unique;
alter table members add constraint members_workspace_email_unique unique (workspace_id, email);
create index members_email on members (email);

-- Personal access tokens and integration keys may carry an expiry; null means they never expire.
alter table api_tokens add column expires_at timestamp with time zone;
