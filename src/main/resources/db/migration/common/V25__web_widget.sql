-- The web widget of a workspace: its public key (it sits in the business's web pages and may only open
-- conversations and post customer messages) and the origins whose pages may use it, checked on the server.
create table web_widgets (
    workspace_id varchar(40)  primary key references workspaces (id),
    widget_key   varchar(100) not null unique,
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null
);

create table web_widget_origins (
    workspace_id varchar(40)  not null references web_widgets (workspace_id) on delete cascade,
    origin       varchar(300) not null,
    position     integer      not null,
    primary key (workspace_id, origin)
);
create index web_widget_origins_origin on web_widget_origins (origin);

-- A conversation the widget opened: the SHA-256 hash of its conversation token (the token itself is
-- only ever held by the visitor's browser), bound to that one conversation of that one workspace.
create table web_widget_conversations (
    token_hash      varchar(64)  primary key,
    workspace_id    varchar(40)  not null references workspaces (id),
    conversation_id varchar(200) not null,
    created_at      timestamp with time zone not null,
    constraint web_widget_conversations_conversation unique (workspace_id, conversation_id)
);
