-- One row per run of an action's tool: when it started and ended, on which node, and how it went.
create table action_attempts (
    action_id     varchar(40) not null,
    attempt       integer     not null,
    workspace_id  varchar(40) not null,
    node          varchar(80) not null,
    started_at    timestamp with time zone not null,
    ended_at      timestamp with time zone,
    outcome       varchar(20),
    error_code    varchar(64),
    error_message varchar,
    primary key (action_id, attempt)
);
