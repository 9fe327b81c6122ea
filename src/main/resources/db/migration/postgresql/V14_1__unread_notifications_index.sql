-- A member's unread notifications, newest first: only unread rows are kept in the index.
create index notification_recipients_unread on notification_recipients (member_id, notification_id) where read_at is null;
