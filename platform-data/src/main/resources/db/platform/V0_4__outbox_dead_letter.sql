-- Events the broker refused for good (over the size limit, unserializable): moved aside with the error so the
-- events behind them are published; operators read them through the admin API and decide what to do.
create table outbox_dead_letter (
    event_id   text        primary key,
    topic      text        not null,
    event_key  text        not null,
    event_type text        not null,
    payload    text        not null,
    error      text        not null,
    failed_at  timestamptz not null default now()
);
create index outbox_dead_letter_failed_at on outbox_dead_letter (failed_at);
