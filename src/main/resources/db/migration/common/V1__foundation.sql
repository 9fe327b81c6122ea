-- Polaris Operator foundation schema. Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL).
-- Every business table is keyed by workspace_id; JSON documents are stored as text.

create table workspaces (
    id          varchar(40)  primary key,
    name        varchar(200) not null,
    usage_limit integer,
    created_at  timestamp with time zone not null
);

create table members (
    id            varchar(40)  primary key,
    workspace_id  varchar(40)  not null references workspaces (id),
    email         varchar(320) not null,
    name          varchar(200) not null,
    role          varchar(20)  not null,
    password_hash varchar(200) not null,
    created_at    timestamp with time zone not null,
    constraint members_email_unique unique (email)
);
create index members_workspace on members (workspace_id, id);

-- personal access tokens (kind = 'personal', member_id set) and integration keys (kind = 'integration')
create table api_tokens (
    id           varchar(40)  primary key,
    workspace_id varchar(40)  not null references workspaces (id),
    kind         varchar(20)  not null,
    member_id    varchar(40)  references members (id),
    name         varchar(200) not null,
    token_hash   varchar(64)  not null,
    hint         varchar(24)  not null,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone,
    constraint api_tokens_hash_unique unique (token_hash)
);
create index api_tokens_workspace on api_tokens (workspace_id, kind, id);

create table business_hours (
    workspace_id varchar(40) primary key references workspaces (id),
    schedule     varchar     not null,
    updated_at   timestamp with time zone not null
);

-- One row per configured tool: the row every policy change of that tool locks.
create table tool_settings (
    workspace_id   varchar(40) not null references workspaces (id),
    tool           varchar(64) not null,
    enabled        boolean     not null,
    policy_version integer     not null,
    updated_at     timestamp with time zone not null,
    primary key (workspace_id, tool)
);

create table tool_policy_versions (
    workspace_id varchar(40) not null,
    tool         varchar(64) not null,
    version      integer     not null,
    policy       varchar     not null,
    changed_by   varchar(40) not null,
    changed_by_name varchar(200) not null,
    created_at   timestamp with time zone not null,
    primary key (workspace_id, tool, version)
);

create table actions (
    id                varchar(40)  primary key,
    workspace_id      varchar(40)  not null references workspaces (id),
    tool              varchar(64)  not null,
    status            varchar(20)  not null,
    arguments         varchar      not null,
    conversation_id   varchar(200),
    conversation      varchar,
    reason            varchar,
    request_review    boolean      not null,
    requested_by_type varchar(20)  not null,
    requested_by_id   varchar(40)  not null,
    requested_by_name varchar(200) not null,
    decision          varchar      not null,
    not_before        timestamp with time zone,
    approval_id       varchar(40),
    approval_status   varchar(20),
    result            varchar,
    error             varchar,
    attempts          integer      not null,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null
);
create index actions_workspace on actions (workspace_id, id);
create index actions_status on actions (workspace_id, status, id);
create index actions_tool on actions (workspace_id, tool, id);
create index actions_conversation on actions (workspace_id, conversation_id, id);

create table idempotency_keys (
    workspace_id varchar(40)  not null,
    idem_key     varchar(255) not null,
    request_hash varchar(64)  not null,
    action_id    varchar(40),
    created_at   timestamp with time zone not null,
    primary key (workspace_id, idem_key)
);

create table approvals (
    id           varchar(40) primary key,
    workspace_id varchar(40) not null references workspaces (id),
    action_id    varchar(40) not null references actions (id),
    status       varchar(20) not null,
    requested_by_id varchar(40) not null,
    requested_at timestamp with time zone not null,
    expires_at   timestamp with time zone,
    decided_at   timestamp with time zone,
    constraint approvals_action_unique unique (action_id)
);
create index approvals_workspace on approvals (workspace_id, status, id);

create table approval_decisions (
    id            varchar(40)  primary key,
    approval_id   varchar(40)  not null references approvals (id),
    workspace_id  varchar(40)  not null,
    member_id     varchar(40)  not null,
    member_name   varchar(200) not null,
    decision      varchar(10)  not null,
    comment       varchar,
    arguments_diff varchar,
    decided_at    timestamp with time zone not null
);
create index approval_decisions_approval on approval_decisions (approval_id);

-- The durable queue. A row is work to do; it is deleted when the work is done.
create table jobs (
    id           bigint generated by default as identity primary key,
    workspace_id varchar(40) not null,
    kind         varchar(40) not null,
    subject_id   varchar(40) not null,
    state        varchar(10) not null,
    run_at       timestamp with time zone not null,
    attempts     integer     not null,
    lease_owner  varchar(80),
    lease_token  varchar(80),
    lease_until  timestamp with time zone,
    last_error   varchar,
    created_at   timestamp with time zone not null
);
create index jobs_subject on jobs (subject_id);

create table usage_counters (
    workspace_id varchar(40) not null,
    period       varchar(7)  not null,
    shard        integer     not null,
    used         bigint      not null,
    primary key (workspace_id, period, shard)
);

-- Append-only audit log: each event links to the previous event of its subject, and timed seals
-- chain the events of a workspace together (see AuditLog).
create table audit_events (
    seq          bigint generated by default as identity primary key,
    workspace_id varchar(40)  not null,
    at           timestamp with time zone not null,
    type         varchar(60)  not null,
    actor_type   varchar(20)  not null,
    actor_id     varchar(40),
    actor_name   varchar(200),
    subject      varchar(120) not null,
    subject_seq  integer      not null,
    action_id    varchar(40),
    data         varchar      not null,
    prev_hash    varchar(64),
    hash         varchar(64)  not null,
    seal_id      bigint,
    constraint audit_subject_seq_unique unique (workspace_id, subject, subject_seq)
);
create index audit_events_action on audit_events (workspace_id, action_id, seq);
create index audit_events_workspace on audit_events (workspace_id, seq);

create table audit_seals (
    id           bigint generated by default as identity primary key,
    workspace_id varchar(40) not null,
    seal_no      bigint      not null,
    sealed_at    timestamp with time zone not null,
    event_count  integer     not null,
    prev_hash    varchar(64),
    hash         varchar(64) not null,
    constraint audit_seals_no_unique unique (workspace_id, seal_no)
);

-- Workspace records written by the internal tools. action_id is unique: a re-run finds its result.
create table leads (
    id           varchar(40)  primary key,
    workspace_id varchar(40)  not null references workspaces (id),
    action_id    varchar(40)  not null,
    name         varchar(200) not null,
    email        varchar(320),
    phone        varchar(40),
    company      varchar(200),
    notes        varchar,
    conversation_id varchar(200),
    created_at   timestamp with time zone not null,
    constraint leads_action_unique unique (action_id)
);
create index leads_workspace on leads (workspace_id, id);

create table bookings (
    id              varchar(40)  primary key,
    workspace_id    varchar(40)  not null references workspaces (id),
    action_id       varchar(40)  not null,
    name            varchar(200) not null,
    email           varchar(320),
    phone           varchar(40),
    service         varchar(200) not null,
    requested_start timestamp with time zone not null,
    notes           varchar,
    status          varchar(20)  not null,
    conversation_id varchar(200),
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    constraint bookings_action_unique unique (action_id)
);
create index bookings_workspace on bookings (workspace_id, id);

create table booking_status_changes (
    action_id    varchar(40) primary key,
    workspace_id varchar(40) not null,
    booking_id   varchar(40) not null references bookings (id),
    from_status  varchar(20) not null,
    to_status    varchar(20) not null,
    changed_at   timestamp with time zone not null
);

create table support_tasks (
    id              varchar(40)  primary key,
    workspace_id    varchar(40)  not null references workspaces (id),
    action_id       varchar(40)  not null,
    title           varchar(300) not null,
    description     varchar,
    priority        varchar(10)  not null,
    status          varchar(20)  not null,
    conversation_id varchar(200),
    created_at      timestamp with time zone not null,
    constraint support_tasks_action_unique unique (action_id)
);
create index support_tasks_workspace on support_tasks (workspace_id, id);

create table notifications (
    id              varchar(40) primary key,
    workspace_id    varchar(40) not null references workspaces (id),
    action_id       varchar(40) not null,
    message         varchar     not null,
    audience        varchar(320),
    conversation_id varchar(200),
    created_at      timestamp with time zone not null,
    constraint notifications_action_unique unique (action_id)
);
create index notifications_workspace on notifications (workspace_id, id);

create table conversation_tags (
    workspace_id    varchar(40)  not null references workspaces (id),
    conversation_id varchar(200) not null,
    tag             varchar(64)  not null,
    action_id       varchar(40)  not null,
    created_at      timestamp with time zone not null,
    primary key (workspace_id, conversation_id, tag)
);
