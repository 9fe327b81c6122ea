-- Conversations and their messages, as channels (WhatsApp, the web widget) and chatbots hand them in.
-- A conversation is keyed by the id its channel or chatbot gives it, per workspace; channel is the channel
-- of its first message. Messages are personal data: they are erased with their conversation, and those
-- older than the workspace's retention (conversation_retention) are erased daily. A message's
-- external_id (the channel's own id) makes handing it in twice store it once.
create table conversations (
    workspace_id    varchar(40)  not null references workspaces (id),
    id              varchar(200) not null,
    channel         varchar(20)  not null,
    created_at      timestamp with time zone not null,
    last_message_at timestamp with time zone not null,
    primary key (workspace_id, id)
);

create table conversation_messages (
    id              varchar(40)  primary key,
    workspace_id    varchar(40)  not null,
    conversation_id varchar(200) not null,
    role            varchar(10)  not null,
    text            varchar      not null,
    channel         varchar(20)  not null,
    sent_at         timestamp with time zone not null,
    external_id     varchar(200),
    created_at      timestamp with time zone not null,
    constraint conversation_messages_conversation foreign key (workspace_id, conversation_id)
        references conversations (workspace_id, id) on delete cascade,
    constraint conversation_messages_external unique (workspace_id, conversation_id, external_id)
);
create index conversation_messages_latest on conversation_messages (workspace_id, conversation_id, id);
create index conversation_messages_age on conversation_messages (created_at);

-- How many days a workspace keeps conversation messages; no row keeps the default (90 days).
create table conversation_retention (
    workspace_id      varchar(40) primary key references workspaces (id),
    conversation_days integer     not null,
    updated_at        timestamp with time zone not null,
    constraint conversation_retention_days check (conversation_days between 1 and 3650)
);
