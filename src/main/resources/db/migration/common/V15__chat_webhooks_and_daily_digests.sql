-- Each workspace's chat webhook: where the product's notifications for members are also posted, and
-- which of their types (comma-separated). Its signing secret is in signing_secrets, under the name
-- 'chat-webhook'.
create table chat_webhooks (
    workspace_id varchar(40)   primary key references workspaces (id),
    url          varchar(2048) not null,
    events       varchar(400)  not null,
    updated_at   timestamp with time zone not null
);

-- Each workspace's daily digest: the row is written once, with the job that sends the digest and
-- schedules the next one, so a workspace never has two such jobs whichever node sees it first.
create table notification_digests (
    workspace_id varchar(40) primary key,
    next_at      timestamp with time zone not null
);
