-- A campaign's status (audience by state, per step sent/opened/clicked/bounced) was counted from its rows on
-- every call: ~85 ms at 100,000 members, two scans. Each writing statement on enrollment and email now adds
-- its net change to campaign_count_delta (insert-only: concurrent writers never wait for one another) and the
-- counts are the sums of a campaign's rows there; StatusCounts folds each campaign's rows into one per key
-- now and then. Keys: 'audience:<status>', and per 0-based step 'sent:<i>', 'bounced:<i>', 'opened:<i>',
-- 'clicked:<i>'.
create table campaign_count_delta (
    campaign_id uuid   not null,
    key         text   not null,
    n           bigint not null
);
create index campaign_count_delta_campaign on campaign_count_delta (campaign_id);

create function enrollment_counts_added() returns trigger language plpgsql as $$
begin
    insert into campaign_count_delta (campaign_id, key, n)
        select campaign_id, 'audience:' || status, count(*) from added group by 1, 2;
    return null;
end $$;

create function enrollment_counts_removed() returns trigger language plpgsql as $$
begin
    insert into campaign_count_delta (campaign_id, key, n)
        select campaign_id, 'audience:' || status, -count(*) from removed group by 1, 2;
    return null;
end $$;

create function enrollment_counts_changed() returns trigger language plpgsql as $$
begin
    insert into campaign_count_delta (campaign_id, key, n)
        select campaign_id, key, sum(n) from (
            select campaign_id, 'audience:' || status as key, 1 as n from after_rows
            union all
            select campaign_id, 'audience:' || status, -1 from before_rows) d
        group by 1, 2 having sum(n) <> 0;
    return null;
end $$;

-- the keys one email row counts under
create function email_count_keys(status text, step int, opened_at timestamptz, clicked_at timestamptz)
    returns setof text language sql immutable as $$
    select k from (values ('sent:' || step, status = 'sent'), ('bounced:' || step, status = 'bounced'),
                          ('opened:' || step, opened_at is not null), ('clicked:' || step, clicked_at is not null)) v(k, yes)
    where yes
$$;

create function email_counts_added() returns trigger language plpgsql as $$
begin
    insert into campaign_count_delta (campaign_id, key, n)
        select campaign_id, k, count(*) from added, email_count_keys(status, step, opened_at, clicked_at) k group by 1, 2;
    return null;
end $$;

create function email_counts_removed() returns trigger language plpgsql as $$
begin
    insert into campaign_count_delta (campaign_id, key, n)
        select campaign_id, k, -count(*) from removed, email_count_keys(status, step, opened_at, clicked_at) k group by 1, 2;
    return null;
end $$;

create function email_counts_changed() returns trigger language plpgsql as $$
begin
    insert into campaign_count_delta (campaign_id, key, n)
        select campaign_id, k, sum(n) from (
            select campaign_id, k, 1 as n from after_rows, email_count_keys(status, step, opened_at, clicked_at) k
            union all
            select campaign_id, k, -1 from before_rows, email_count_keys(status, step, opened_at, clicked_at) k) d
        group by 1, 2 having sum(n) <> 0;
    return null;
end $$;

-- a write from a session without this schema on its search path (an operator's psql) finds the table too
alter function enrollment_counts_added() set search_path from current;
alter function enrollment_counts_removed() set search_path from current;
alter function enrollment_counts_changed() set search_path from current;
alter function email_counts_added() set search_path from current;
alter function email_counts_removed() set search_path from current;
alter function email_counts_changed() set search_path from current;

create trigger enrollment_counts_insert after insert on enrollment referencing new table as added
    for each statement execute function enrollment_counts_added();
create trigger enrollment_counts_delete after delete on enrollment referencing old table as removed
    for each statement execute function enrollment_counts_removed();
create trigger enrollment_counts_update after update on enrollment referencing old table as before_rows
    new table as after_rows for each statement execute function enrollment_counts_changed();
create trigger email_counts_insert after insert on email referencing new table as added
    for each statement execute function email_counts_added();
create trigger email_counts_delete after delete on email referencing old table as removed
    for each statement execute function email_counts_removed();
create trigger email_counts_update after update on email referencing old table as before_rows
    new table as after_rows for each statement execute function email_counts_changed();

-- what is there already
insert into campaign_count_delta (campaign_id, key, n)
    select campaign_id, 'audience:' || status, count(*) from enrollment group by 1, 2;
insert into campaign_count_delta (campaign_id, key, n)
    select campaign_id, k, count(*) from email, email_count_keys(status, step, opened_at, clicked_at) k group by 1, 2;
