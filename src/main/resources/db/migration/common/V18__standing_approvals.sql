-- Standing approvals: an owner or admin approves, in advance, the proposals of one internal tool whose
-- condition ("when", CEL, in expression) holds, until expires_at and for at most max_uses proposals. uses counts the
-- proposals it approved; it is raised in the transaction that stores each such proposal, only while
-- it is below max_uses, the approval is not revoked and not expired, so it never exceeds max_uses.
create table standing_approvals (
    id           varchar(40)   primary key,
    workspace_id varchar(40)   not null references workspaces (id),
    tool         varchar(100)  not null,
    expression   varchar(1000) not null,
    expires_at   timestamp with time zone not null,
    max_uses     integer       not null,
    uses         integer       not null default 0,
    note         varchar(500),
    revoked_at   timestamp with time zone,
    revoked_by   varchar(40),
    created_by   varchar(40)   not null,
    created_by_name varchar(200) not null,
    created_at   timestamp with time zone not null,
    constraint standing_approvals_uses check (uses >= 0 and uses <= max_uses)
);
create index standing_approvals_workspace on standing_approvals (workspace_id, id);
create index standing_approvals_tool on standing_approvals (workspace_id, tool);
