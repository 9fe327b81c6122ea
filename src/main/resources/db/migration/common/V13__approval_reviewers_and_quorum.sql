-- Who may decide each approval, kept with it: the reviewers the policy (or its route) named, how many
-- distinct members must approve, and which version of the content the decisions are about.
alter table approvals add column tool varchar(100);
alter table approvals add column required integer default 1 not null;
alter table approvals add column version integer default 1 not null;
alter table approvals add column reviewer_roles varchar(100) default 'owner,admin,reviewer' not null;
alter table approvals add column reviewer_members varchar default '' not null;
alter table approvals add column reviewers varchar;
alter table approvals add column summary varchar;
alter table approvals add column reminded_at timestamp with time zone;
alter table approvals add column escalated_at timestamp with time zone;
alter table approvals add column blocked boolean default false not null;
alter table approval_decisions add column version integer default 1 not null;

-- One row per member who may still decide a pending approval (eligible, not the requester, not yet
-- decided on the current version), so "what may I decide" is one index range.
create table approval_reviewers (
    approval_id  varchar(40) not null references approvals (id),
    workspace_id varchar(40) not null,
    member_id    varchar(40) not null,
    primary key (approval_id, member_id)
);
create index approval_reviewers_member on approval_reviewers (workspace_id, member_id, approval_id);

-- Approvals already pending keep the rule they were opened under: every owner, admin and reviewer
-- except the requester may decide.
insert into approval_reviewers (approval_id, workspace_id, member_id)
select a.id, a.workspace_id, m.id
from approvals a
join members m on m.workspace_id = a.workspace_id and m.role in ('owner', 'admin', 'reviewer')
where a.status = 'pending' and m.id <> a.requested_by_id;

-- A job's subject may be a tool's name (up to 64 characters): re-assessing its pending approvals.
alter table jobs alter column subject_id set data type varchar(100);
