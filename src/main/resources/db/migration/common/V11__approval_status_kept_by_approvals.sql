-- An approval's status is kept once, by the approvals table; an action keeps only which approval it waits for.
alter table actions drop column approval_status;
