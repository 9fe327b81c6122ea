-- Action batches: one request for many items of one tool, behind at most one approval, fanned out
-- into one action per item by the job queue. The items are kept as submitted (batch_items), so the
-- fan-out reads them a chunk at a time and reviewers can download them. fanned_out counts the items
-- whose actions exist: a chunk's actions and the new count commit together, and an action's
-- (batch_id, item_index) is unique, so a fan-out run again after a crash creates no duplicate.
create table action_batches (
    id                varchar(40)  primary key,
    workspace_id      varchar(40)  not null references workspaces (id),
    tool              varchar(100) not null,
    status            varchar(30)  not null,
    item_count        integer      not null,
    fanned_out        integer      not null default 0,
    reason            varchar,
    requested_by_type varchar(20)  not null,
    requested_by_id   varchar(40)  not null,
    requested_by_name varchar(200) not null,
    approval_id       varchar(40),
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    ended_at          timestamp with time zone
);
create index action_batches_workspace on action_batches (workspace_id, id);

create table batch_items (
    batch_id     varchar(40) not null references action_batches (id),
    item_index   integer     not null,
    workspace_id varchar(40) not null,
    arguments    varchar     not null,
    conversation varchar,
    primary key (batch_id, item_index)
);

-- A retried request with the same Idempotency-Key answers the batch the first one created.
create table batch_idempotency_keys (
    workspace_id varchar(40)  not null,
    idem_key     varchar(255) not null,
    request_hash varchar(64)  not null,
    batch_id     varchar(40)  not null,
    created_at   timestamp with time zone not null,
    primary key (workspace_id, idem_key)
);

alter table actions add column batch_id varchar(40);
alter table actions add column item_index integer;
create unique index actions_batch_item on actions (batch_id, item_index);

-- An approval's subject is an action or a batch: exactly one of action_id and batch_id is set.
alter table approvals add column batch_id varchar(40);
alter table approvals alter column action_id drop not null;
