-- Most contacts are in no folder: indexing only those that are keeps the folder filter fast and saves an
-- index entry on every other insert (a folder filter always names a folder, so the planner uses it).
drop index if exists contact_org_folder;
create index contact_org_folder on contact (org_id, folder_id, created_at, id) where folder_id is not null;
