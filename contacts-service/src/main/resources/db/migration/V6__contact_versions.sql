-- Every statement that changes an organization's contacts also bumps its version (same transaction), so a
-- filtered total computed at version v stays exact for as long as the version is still v.
alter table contact_org_count add column version bigint not null default 0;

create or replace function contact_org_count_added() returns trigger language plpgsql as $$
begin
    insert into contact_org_count as c (org_id, contacts, version)
    select org_id, count(*), 1 from added group by org_id
    on conflict (org_id) do update set contacts = c.contacts + excluded.contacts, version = c.version + 1;
    return null;
end $$;

create or replace function contact_org_count_removed() returns trigger language plpgsql as $$
begin
    update contact_org_count c set contacts = c.contacts - r.n, version = c.version + 1
    from (select org_id, count(*) as n from removed group by org_id) r where c.org_id = r.org_id;
    return null;
end $$;

create function contact_org_count_changed() returns trigger language plpgsql as $$
begin
    update contact_org_count c set version = c.version + 1
    where c.org_id in (select distinct org_id from changed);
    return null;
end $$;

create trigger contact_counted_update after update on contact referencing new table as changed
    for each statement execute function contact_org_count_changed();
