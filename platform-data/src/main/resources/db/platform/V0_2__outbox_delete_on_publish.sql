-- The relay now deletes a row once Kafka acknowledged it (Kafka keeps the published history): every event
-- costs one insert and one delete instead of an insert, an update to published_at and a later purge, and the
-- table stays small. Event ids are generated unique; the unique index on them only cost an insert per event.
delete from outbox_event where published_at is not null;
drop index if exists outbox_event_published_at;
drop index if exists outbox_event_unpublished;
alter table outbox_event drop constraint if exists outbox_event_event_id_key;
alter table outbox_event drop column published_at;
