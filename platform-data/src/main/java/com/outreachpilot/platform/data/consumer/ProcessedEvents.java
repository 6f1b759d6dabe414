package com.outreachpilot.platform.data.consumer;

import com.outreachpilot.platform.events.DomainEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * Makes event consumers idempotent: Kafka delivers at least once, so each consumer records the ids it has
 * handled, in the same transaction as the handling, and skips an id it has seen.
 */
@ApplicationScoped
public class ProcessedEvents {

    /**
     * Runs {@code effect} in a transaction unless {@code consumer} already processed this event.
     * Emits whether the effect ran.
     */
    public Uni<Boolean> handleOnce(String consumer, DomainEvent event, Function<DomainEvent, Uni<Void>> effect) {
        return Panache.withTransaction(() -> markIfFirst(consumer, event.id())
                .chain(first -> first ? effect.apply(event).replaceWith(true) : Uni.createFrom().item(false)));
    }

    /** Records the event id for the consumer within the current transaction; true if it was not yet recorded. */
    public Uni<Boolean> markIfFirst(String consumer, String eventId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into processed_event (consumer, event_id) values (?1, ?2)"
                        + " on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate()
                .map(rows -> rows == 1));
    }
}
