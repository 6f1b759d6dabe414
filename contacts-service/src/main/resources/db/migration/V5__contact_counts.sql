-- How many contacts each organization has, kept by statement triggers in the transaction that changes them:
-- the unfiltered list's total is one row read instead of a count over every contact of the organization.
create table contact_org_count (
    org_id    text   primary key,
    contacts  bigint not null
);
insert into contact_org_count (org_id, contacts) select org_id, count(*) from contact group by org_id;

create function contact_org_count_added() returns trigger language plpgsql as $$
begin
    insert into contact_org_count as c (org_id, contacts)
    select org_id, count(*) from added group by org_id
    on conflict (org_id) do update set contacts = c.contacts + excluded.contacts;
    return null;
end $$;

create function contact_org_count_removed() returns trigger language plpgsql as $$
begin
    update contact_org_count c set contacts = c.contacts - r.n
    from (select org_id, count(*) as n from removed group by org_id) r where c.org_id = r.org_id;
    return null;
end $$;

create trigger contact_counted_insert after insert on contact referencing new table as added
    for each statement execute function contact_org_count_added();
create trigger contact_counted_delete after delete on contact referencing old table as removed
    for each statement execute function contact_org_count_removed();
