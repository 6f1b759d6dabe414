-- Webhook subscriptions and their deliveries.

create table subscription (
    id                         uuid primary key,
    org_id                     text        not null,
    url                        text        not null,
    events                     text        not null, -- a JSON array of event types
    -- as given, or generated whsec_…; the previous one keeps signing for a grace period after a rotation
    secret                     text        not null,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    enabled                    boolean     not null default true,
    disabled_reason            text,
    -- first failure since the last success; a subscription failing for too long is disabled
    failing_since              timestamptz,
    deleted_at                 timestamptz,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);
create index subscription_org on subscription (org_id, created_at, id) where deleted_at is null;

-- One event for one subscription. The body is stored exactly as signed and sent, so retries send the same bytes.
create table delivery (
    id               uuid primary key,
    org_id           text        not null,
    subscription_id  uuid        not null references subscription (id) on delete cascade,
    event_id         text        not null,
    event_type       text        not null,
    body             text        not null,
    -- pending (to be attempted at next_attempt_at), succeeded, failed (retries exhausted or endpoint gone)
    status           text        not null check (status in ('pending', 'succeeded', 'failed')),
    attempts         int         not null default 0,
    -- when pending: the next attempt; while an attempt runs it is pushed out as a lease, so a dispatcher that
    -- dies mid-attempt leaves the delivery to be claimed again once the lease ends
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    last_status_code int,
    last_latency_ms  int,
    last_response    text,
    last_error       text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    unique (subscription_id, event_id)
);
create index delivery_due on delivery (next_attempt_at) where status = 'pending';
create index delivery_log on delivery (subscription_id, created_at desc, id);
