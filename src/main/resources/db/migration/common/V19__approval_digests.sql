-- An approval is bound to what was approved by a keyed digest (HMAC-SHA256 over RFC 8785 canonical
-- JSON) whose key only the master keyset can open, so writing the database is not enough to make
-- other content pass as approved. The digest has one tag per part (arguments, definition, context)
-- so a refused run can say what differs; the old unkeyed SHA-256 digests no longer count.
alter table actions alter column approved_digest set data type varchar(1000);

-- The MAC keyset (Tink, HMAC-SHA256), encrypted under the master keyset like every other secret.
-- Rotation adds a primary key and keeps the old ones, so digests made under them still verify.
create table digest_keysets (
    name          varchar(40)  primary key,
    keyset        varchar      not null,
    master_key_id bigint       not null,
    updated_at    timestamp with time zone not null
);

-- The digest of what each approving decision approved: a reviewer's edit records the new digest
-- beside the diff it made.
alter table approval_decisions add column content_digest varchar(1000);

-- A custom action's definition version, counted up on every change; the digest includes it.
alter table custom_tools add column version integer default 1 not null;
