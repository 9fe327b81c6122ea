-- Each workspace's WhatsApp channel (Cloud API): the phone number it speaks for, the names of the
-- secrets that hold its access token and app secret (the values stay sealed in secrets), the API's
-- base URL, and a SHA-256 hash of the verify token with its last characters (the token itself is never
-- kept). The id is the public part of the inbound URL, /hooks/whatsapp/{id}; replacing the settings keeps it.
create table whatsapp_channels (
    id                  varchar(40)   primary key,
    workspace_id        varchar(40)   not null references workspaces (id),
    phone_number_id     varchar(64)   not null,
    access_token_secret varchar(64)   not null,
    app_secret_secret   varchar(64)   not null,
    verify_token_hash   varchar(64)   not null,
    verify_token_ending varchar(4)    not null,
    api_base_url        varchar(2048) not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    constraint whatsapp_channels_workspace unique (workspace_id)
);
