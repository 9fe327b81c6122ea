-- The operator: each workspace's OpenAI-compatible chat-completions endpoint (the API key stays in the
-- secrets table, named here), the tokens its model used per month, and the background preparations of
-- conversations (one row per conversation: when the next preparation is due, whether its job is queued,
-- when it last ran). An action the operator prepared says so (prepared_by_operator).
create table operator_models (
    workspace_id    varchar(40)  primary key references workspaces (id),
    base_url        varchar(500) not null,
    model           varchar(200) not null,
    api_key_secret  varchar(64)  not null,
    timeout_seconds integer      not null,
    auto_prepare    boolean      not null,
    updated_at      timestamp with time zone not null
);

create table model_token_usage (
    workspace_id      varchar(40) not null,
    period            varchar(7)  not null,
    prompt_tokens     bigint      not null,
    completion_tokens bigint      not null,
    primary key (workspace_id, period)
);

create table operator_preparations (
    workspace_id     varchar(40)  not null,
    conversation_id  varchar(200) not null,
    job_subject      varchar(40)  not null,
    channel          varchar(20)  not null,
    due_at           timestamp with time zone not null,
    queued           boolean      not null,
    last_prepared_at timestamp with time zone,
    primary key (workspace_id, conversation_id),
    constraint operator_preparations_subject unique (workspace_id, job_subject),
    constraint operator_preparations_conversation foreign key (workspace_id, conversation_id)
        references conversations (workspace_id, id) on delete cascade
);

alter table actions add column prepared_by_operator boolean not null default false;
