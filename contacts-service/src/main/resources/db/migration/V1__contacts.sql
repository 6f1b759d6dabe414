-- Contacts of an organization. Email is stored normalized (trimmed, lower-case) and unique per organization.
create extension if not exists pg_trgm;

create table contact (
    id            uuid primary key,
    org_id        text        not null,
    email         text        not null,
    first_name    text,
    last_name     text,
    company       text,
    title         text,
    linkedin_url  text,
    status        text        not null default 'new'
                  check (status in ('new', 'active', 'replied', 'bounced', 'unsubscribed')),
    folder_id     uuid,
    account_id    uuid,
    context       jsonb       not null default '{}'::jsonb,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
create unique index contact_org_email on contact (org_id, email);
-- the stable list order, and incremental sync by updated_at
create index contact_org_created on contact (org_id, created_at, id);
create index contact_org_updated on contact (org_id, updated_at, id);
create index contact_org_status on contact (org_id, status, created_at, id);
-- case-insensitive substring search over names, email, company and title
create index contact_search on contact using gin (
    (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || email || ' '
           || coalesce(company, '') || ' ' || coalesce(title, ''))) gin_trgm_ops);
