-- The events feed: every event a webhook could carry, per organization, readable oldest first after a cursor and
-- kept for the events retention (30 days unless configured).
create table event_feed (
    id          text        primary key,         -- the event's id (what webhook-id carries)
    org_id      text        not null,
    type        text        not null,
    occurred_at timestamptz not null,
    body        text        not null,            -- exactly a webhook's body: {id, type, timestamp, data}
    -- feed order: the storing transaction, then the row. A reader sees only rows of transactions older than every
    -- one still running (pg_snapshot_xmin), so a row can never appear behind a cursor that already passed it.
    txid        bigint      not null default (pg_current_xact_id()::text::bigint),
    seq         bigint      generated always as identity,
    stored_at   timestamptz not null default now()
);
create index event_feed_order on event_feed (org_id, txid, seq);
create index event_feed_type on event_feed (org_id, type, txid, seq);
create index event_feed_age on event_feed (stored_at);
create index event_feed_time on event_feed (org_id, occurred_at);  -- replays: "since a time"

-- A replay re-delivers events a subscription already had: those deliveries carry the replay's id
alter table delivery add column replay_id uuid;
alter table delivery drop constraint delivery_subscription_id_event_id_key;
create unique index delivery_once on delivery (subscription_id, event_id) where replay_id is null;
create unique index delivery_replay_once on delivery (subscription_id, event_id, replay_id) where replay_id is not null;
