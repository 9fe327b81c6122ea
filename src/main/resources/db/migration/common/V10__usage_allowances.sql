-- Each usage counter row carries an allowance: how many proposals it may count in all. The
-- allowances of a workspace's month add up to at most its limit, so counting only within them never
-- goes past the limit; null means the workspace has no limit. Rows start with none (0): their first
-- count shares out what is left under the limit.
alter table usage_counters add column allowance bigint default 0;
