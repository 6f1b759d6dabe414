-- Companies (accounts) and folders, and the links contacts have to them.

create table company (
    id          uuid primary key,
    org_id      text        not null,
    name        text,
    -- normalized host name (acme.com); contacts whose email domain equals it are linked to the company
    domain      text,
    industry    text,
    size        text,
    context     jsonb       not null default '{}'::jsonb,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create unique index company_org_domain on company (org_id, domain) where domain is not null;
create index company_org_created on company (org_id, created_at, id);
create index company_search on company using gin (
    (lower(coalesce(name, '') || ' ' || coalesce(domain, '') || ' ' || coalesce(industry, ''))) gin_trgm_ops);

create table folder (
    id          uuid primary key,
    org_id      text        not null,
    name        text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create unique index folder_org_name on folder (org_id, lower(name));
create index folder_org_created on folder (org_id, created_at, id);

-- the part of the email that links a contact to a company; derived, so it can never disagree with the email
alter table contact add column email_domain text generated always as (split_part(email, '@', 2)) stored;
create index contact_org_domain on contact (org_id, email_domain);
create index contact_org_folder on contact (org_id, folder_id, created_at, id);

-- deleting a company or a folder empties the contacts' reference in the same statement
alter table contact add constraint contact_account_fk
    foreign key (account_id) references company (id) on delete set null;
alter table contact add constraint contact_folder_fk
    foreign key (folder_id) references folder (id) on delete set null;
create index contact_account on contact (account_id) where account_id is not null;
