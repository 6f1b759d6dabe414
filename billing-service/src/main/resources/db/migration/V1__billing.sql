-- Customers, what they may do, and what they have left to spend.
create table organization (
    id                    uuid primary key,
    name                  text        not null,
    plan                  text        not null check (plan in ('free', 'starter', 'pro', 'scale')),
    -- always equals the sum of this organization's credit_ledger amounts (both change in one transaction)
    credits_balance       bigint      not null default 0,
    credits_reset_at      timestamptz not null,
    -- the credits_reset_at of the period in which credits.low / credits.exhausted were last emitted
    low_alerted_period    timestamptz,
    exhausted_alerted_period timestamptz,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    deleted_at            timestamptz
);
create index organization_reset_due on organization (credits_reset_at) where deleted_at is null;

create table api_key (
    id           uuid primary key,
    org_id       uuid        not null references organization (id),
    key_hash     text        not null,
    prefix       text        not null,
    name         text        not null,
    scopes       text        not null,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
-- the gateway's lookup: one indexed probe per cache miss
create unique index api_key_hash on api_key (key_hash);
create index api_key_org on api_key (org_id, created_at);

-- Append-only: every movement of credits, with the balance it left.
create table credit_ledger (
    id            bigserial primary key,
    org_id        uuid        not null references organization (id),
    entry_type    text        not null check (entry_type in ('grant', 'removal', 'reservation', 'settlement', 'release', 'monthly_reset')),
    amount        bigint      not null,
    balance_after bigint      not null,
    reason        text,
    reference     text,
    created_at    timestamptz not null
);
create index credit_ledger_org on credit_ledger (org_id, id desc);

-- Credits held for an operation in progress (e.g. a chat message) until settled or released.
create table credit_reservation (
    id              uuid primary key,
    org_id          uuid        not null references organization (id),
    idempotency_key text        not null,
    amount          bigint      not null check (amount > 0),
    state           text        not null check (state in ('held', 'settled', 'released')),
    settled_amount  bigint,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    finished_at     timestamptz,
    unique (org_id, idempotency_key)
);
create index credit_reservation_expiring on credit_reservation (expires_at) where state = 'held';
