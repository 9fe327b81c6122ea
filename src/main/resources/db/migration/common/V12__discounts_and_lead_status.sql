-- apply_discount records a discount; update_lead_status moves a lead through the sales pipeline and
-- keeps each change. Both are keyed by the action (unique), so a re-run finds what it did. Like the
-- other rows written for every action (V6_2), a discount has no foreign key to its workspace.
create table discounts (
    id              varchar(40)   primary key,
    workspace_id    varchar(40)   not null,
    action_id       varchar(40)   not null,
    customer        varchar(200)  not null,
    percent         numeric(5, 2) not null,
    reason          varchar(1000) not null,
    code            varchar(64),
    valid_until     date,
    conversation_id varchar(200),
    created_at      timestamp with time zone not null,
    constraint discounts_action_unique unique (action_id)
);
create index discounts_workspace on discounts (workspace_id, id);

alter table leads add column status varchar(20) default 'new' not null;

create table lead_status_changes (
    action_id    varchar(40)  primary key,
    workspace_id varchar(40)  not null,
    lead_id      varchar(40)  not null references leads (id),
    from_status  varchar(20)  not null,
    to_status    varchar(20)  not null,
    note         varchar(1000),
    changed_at   timestamp with time zone not null
);
create index lead_status_changes_lead on lead_status_changes (lead_id, changed_at);
