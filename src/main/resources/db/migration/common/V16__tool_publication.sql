-- Whether each tool of a workspace is published (agents and integration keys may use it) or a
-- draft (members may only propose it as a test run). A tool without a row is published: the
-- built-in tools and the custom actions that existed before tools could be drafts. A new custom
-- action gets a row saying it is a draft.
create table tool_publication (
    workspace_id varchar(40) not null references workspaces (id),
    tool         varchar(64) not null,
    published    boolean     not null,
    updated_at   timestamp with time zone not null,
    primary key (workspace_id, tool)
);

-- An action a member proposed as a test of a tool (POST /api/v1/tools/{name}/test-runs).
alter table actions add column test boolean not null default false;
