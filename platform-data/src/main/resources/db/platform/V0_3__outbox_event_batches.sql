-- One row per appended run of events with the same topic and key (organization), in order: a bulk import of
-- 1,000 contacts writes, relays and deletes one row instead of 1,000 (the per-row insert, select, delete and
-- their index and WAL work were an eighth of the database's time during imports). Rows still waiting are
-- carried over as one-event batches.
alter table outbox_event add column event_ids text[], add column event_types text[], add column payloads text[];
update outbox_event set event_ids = array[event_id], event_types = array[event_type], payloads = array[payload];
alter table outbox_event drop column event_id, drop column event_type, drop column payload;
alter table outbox_event alter column event_ids set not null, alter column event_types set not null,
    alter column payloads set not null;
alter table outbox_event add constraint outbox_event_batch_shape check (
    cardinality(event_ids) > 0 and cardinality(event_types) = cardinality(event_ids)
    and cardinality(payloads) = cardinality(event_ids));
-- stored out of line uncompressed: the row lives only until the relay has sent it, compressing it would cost
-- more than the few hundred kilobytes it saves
alter table outbox_event alter column payloads set storage external;
