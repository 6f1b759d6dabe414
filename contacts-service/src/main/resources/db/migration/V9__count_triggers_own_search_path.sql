-- The count triggers' functions name contact_org_delta without a schema, so they resolved it through the
-- writing session's search_path: a write from a session without this schema on its path (an operator's psql,
-- another tool) failed with "relation does not exist". They now carry the schema they were created in.
alter function contact_org_count_added() set search_path from current;
alter function contact_org_count_removed() set search_path from current;
alter function contact_org_count_changed() set search_path from current;
