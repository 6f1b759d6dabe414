create table widget (
    id         uuid primary key,
    org_id     text        not null,
    name       text        not null,
    created_at timestamptz not null
);
create index widget_org on widget (org_id, created_at, id);
