-- 1. Looking up an organization's contacts by email (every import does, for up to 1,000 emails) must use the
-- unique key whatever the planner believes about the organization. With the key on (org_id, email), an
-- organization the statistics do not know yet (a new one, importing) is estimated at one row, and the
-- smallest org-leading index wins: every lookup scanned the whole organization (~800 ms at 50,000 contacts).
-- No other index has this expression, so `(org_id || ' ' || email) = any(...)` can only probe the key.
-- Organization ids contain no space, so the first space separates the two parts unambiguously.
create unique index contact_org_email_key on contact ((org_id || ' ' || email));
drop index contact_org_email;

-- 2. Totals without a hot row. One counter row per organization, updated by every writing statement, was
-- locked from a transaction's first write to its commit: concurrent imports into one organization waited
-- for each other. Each writing statement now inserts a delta row (insert-only: nothing to wait for); the
-- total is the sum of the organization's rows and its version the sum of `changes` (one per committed
-- writing statement, so it only grows). ContactTableMaintenance folds each organization's rows into one
-- now and then, in one statement that keeps both sums.
create table contact_org_delta (
    org_id    text   not null,
    contacts  bigint not null,
    changes   bigint not null
);
create index contact_org_delta_org on contact_org_delta (org_id);
insert into contact_org_delta (org_id, contacts, changes) select org_id, contacts, version from contact_org_count;

create or replace function contact_org_count_added() returns trigger language plpgsql as $$
begin
    insert into contact_org_delta (org_id, contacts, changes) select org_id, count(*), 1 from added group by org_id;
    return null;
end $$;

create or replace function contact_org_count_removed() returns trigger language plpgsql as $$
begin
    insert into contact_org_delta (org_id, contacts, changes) select org_id, -count(*), 1 from removed group by org_id;
    return null;
end $$;

create or replace function contact_org_count_changed() returns trigger language plpgsql as $$
begin
    insert into contact_org_delta (org_id, contacts, changes) select distinct org_id, 0, 1 from changed;
    return null;
end $$;

drop table contact_org_count;
