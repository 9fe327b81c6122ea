-- A workspace's secrets: only the AEAD ciphertext (Base64) is stored, bound to the workspace and
-- name as associated data. key_id names the master key that sealed it, so a key rotation knows
-- which rows still need re-encrypting.
create table secrets (
    workspace_id varchar(40)  not null references workspaces (id),
    name         varchar(64)  not null,
    ciphertext   varchar      not null,
    key_id       bigint       not null,
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    primary key (workspace_id, name)
);

-- Custom actions: a workspace's own tools on an external base (generic_webhook, send_email), with
-- their input schema and request template (JSON text).
create table custom_tools (
    workspace_id varchar(40)   not null references workspaces (id),
    name         varchar(64)   not null,
    title        varchar(200)  not null,
    description  varchar(2000) not null,
    base         varchar(64)   not null,
    input_schema varchar       not null,
    config       varchar       not null,
    created_by   varchar(40)   not null,
    created_at   timestamp with time zone not null,
    primary key (workspace_id, name)
);

-- The Standard Webhooks signing secrets of custom webhook actions, encrypted like secrets. After a
-- rotation the previous secret keeps signing until previous_until, so receivers can switch over.
create table signing_secrets (
    workspace_id    varchar(40) not null references workspaces (id),
    tool            varchar(64) not null,
    ciphertext      varchar     not null,
    key_id          bigint      not null,
    previous        varchar,
    previous_key_id bigint,
    previous_until  timestamp with time zone,
    updated_at      timestamp with time zone not null,
    primary key (workspace_id, tool)
);
