-- H2 has no partial indexes: unread rows are those whose read_at is null.
create index notification_recipients_unread on notification_recipients (member_id, read_at, notification_id);
