-- Events a consumer of this service could not apply for a reason retrying cannot fix (bad data, a constraint):
-- set aside with the error, marked processed, so the events behind them on the partition are applied; operators
-- read them through the admin API, fix the cause and replay.
create table consumer_dead_letter (
    consumer   text        not null,
    event_id   text        not null,
    topic      text        not null,
    org_id     text,
    event_type text        not null,
    payload    text        not null,
    error      text        not null,
    attempts   integer     not null,
    failed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index consumer_dead_letter_failed_at on consumer_dead_letter (failed_at);
