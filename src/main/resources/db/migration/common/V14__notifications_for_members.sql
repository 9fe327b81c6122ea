-- Notifications become one resource for the messages send_notification leaves and the product's own
-- reviewer notifications (approval.requested, …). A row's origin keeps it from being written twice:
-- a message's origin is its action (as the unique action_id was), a product notification's is its
-- approval and type, so an action may be the subject of several notifications.
alter table notifications add column type varchar(40) default 'message' not null;
alter table notifications add column approval_id varchar(40);
alter table notifications add column origin varchar(120);
update notifications set origin = action_id;
alter table notifications alter column origin set not null;
alter table notifications drop constraint notifications_action_unique;
alter table notifications add constraint notifications_origin_unique unique (origin);
create index notifications_workspace_type on notifications (workspace_id, type, id);

-- Each notification is fanned out, when it is written, to the members it is for: a member's bell is
-- a look-up by member, newest first. Like the other rows written for every action (V6_2), these
-- carry no foreign keys.
create table notification_recipients (
    member_id       varchar(40) not null,
    notification_id varchar(40) not null,
    workspace_id    varchar(40) not null,
    read_at         timestamp with time zone,
    primary key (member_id, notification_id)
);

-- What a member chose; no row means the defaults (both true).
create table member_preferences (
    member_id         varchar(40) primary key,
    workspace_id      varchar(40) not null,
    email_on_approval boolean     not null,
    daily_digest      boolean     not null,
    updated_at        timestamp with time zone not null
);

-- Reviewer emails on their way: one mailbox row per member, locked by whoever adds to it or empties
-- it, with due_at set while a job will send what waits; the notifications that wait, claimed by the
-- sending job's batch before the email goes out.
create table notification_mailboxes (
    member_id    varchar(40) primary key,
    workspace_id varchar(40) not null,
    due_at       timestamp with time zone
);

create table notification_emails (
    member_id       varchar(40) not null,
    notification_id varchar(40) not null,
    workspace_id    varchar(40) not null,
    batch           varchar(40),
    primary key (member_id, notification_id)
);
