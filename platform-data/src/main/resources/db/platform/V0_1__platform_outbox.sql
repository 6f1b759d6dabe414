-- Transactional outbox: written in the same transaction as the state change it describes,
-- published to Kafka by the relay afterwards.
create table outbox_event (
    id           bigserial primary key,
    event_id     text        not null unique,
    topic        text        not null,
    event_key    text        not null,
    event_type   text        not null,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_event_unpublished on outbox_event (id) where published_at is null;
create index outbox_event_published_at on outbox_event (published_at) where published_at is not null;

-- Event ids a consumer has already handled, so a redelivered event changes nothing.
create table processed_event (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index processed_event_processed_at on processed_event (processed_at);

-- Idempotency-Key records: one per (organization, key); the stored response is replayed for 24 h.
create table idempotency_record (
    scope        text        not null,
    idem_key     text        not null,
    fingerprint  text        not null,
    state        text        not null check (state in ('in_progress', 'completed')),
    status       integer,
    body         text,
    locked_until timestamptz not null,
    created_at   timestamptz not null default now(),
    primary key (scope, idem_key)
);
create index idempotency_record_created_at on idempotency_record (created_at);
