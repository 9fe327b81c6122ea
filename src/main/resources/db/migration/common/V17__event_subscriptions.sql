-- Event subscriptions: where a workspace wants its actions' outcomes posted (https), and which events
-- (comma-separated). Each one's Standard Webhooks signing secret is in signing_secrets, under the name
-- 'event-subscription-' followed by its id.
create table event_subscriptions (
    id           varchar(40)   primary key,
    workspace_id varchar(40)   not null references workspaces (id),
    url          varchar(2048) not null,
    events       varchar(400)  not null,
    description  varchar(500),
    created_at   timestamp with time zone not null
);
create index event_subscriptions_workspace on event_subscriptions (workspace_id, id);

-- One row per event per subscription, written in the transaction of the event, with the body as it is
-- sent on every attempt (and redelivery). status: pending, delivered or failed. Like the other rows
-- written for every action (V6_2), these carry no foreign keys; removing a subscription removes its rows.
create table event_deliveries (
    id              varchar(40) primary key,
    workspace_id    varchar(40) not null,
    subscription_id varchar(40) not null,
    event           varchar(40) not null,
    action_id       varchar(40),
    body            varchar     not null,
    status          varchar(10) not null,
    attempts        integer     not null,
    last_error      varchar(500),
    created_at      timestamp with time zone not null,
    last_attempt_at timestamp with time zone,
    delivered_at    timestamp with time zone
);
create index event_deliveries_subscription on event_deliveries (subscription_id, id);
