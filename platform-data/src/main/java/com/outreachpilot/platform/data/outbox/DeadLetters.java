package com.outreachpilot.platform.data.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Events the broker refused for good, moved aside so the events behind them are published: each is kept with
 * its error in {@code outbox_dead_letter}, logged, and counted ({@code outbox_dead_letters_total}); operators
 * list them through the admin API.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final int MAX_ERROR = 1_000;

    @Inject
    MeterRegistry registry;

    private Counter counter;

    /** An event of an outbox row ({@code id, topic, key, type, event id, payload}) and why it was refused. */
    public record Refused(String topic, String key, String type, String eventId, String payload, String error) {
        static Refused of(Object[] event, String error) {
            return new Refused((String) event[1], (String) event[2], (String) event[3], (String) event[4],
                    (String) event[5], error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
        }
    }

    /** A dead letter as operators see it (the payload's size, not the payload). */
    public record OutboxDeadLetter(String eventId, String topic, String orgId, String type, int payloadChars, String error,
                        Instant failedAt) {
    }

    /** Failures that sending the same record again cannot fix. */
    static boolean permanent(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidRecordException || cause instanceof SerializationException;
    }

    /** Stores the refused events in the relay's transaction (with the deletion of their rows). */
    Uni<Void> store(Mutiny.Session session, List<Refused> refused) {
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Refused event : refused) {
            LOG.errorf("Outbox event %s (%s, organization %s) refused by the broker and moved to outbox_dead_letter: %s",
                    event.eventId(), event.type(), event.key(), event.error());
            chain = chain.chain(() -> session.createNativeQuery("""
                            insert into outbox_dead_letter (event_id, topic, event_key, event_type, payload, error)
                            values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (event_id) do nothing""")
                    .setParameter(1, event.eventId())
                    .setParameter(2, event.topic())
                    .setParameter(3, event.key())
                    .setParameter(4, event.type())
                    .setParameter(5, event.payload())
                    .setParameter(6, event.error())
                    .executeUpdate()
                    .invoke(() -> counter().increment())
                    .replaceWithVoid());
        }
        return chain;
    }

    /** The newest dead letters first. */
    public Uni<List<OutboxDeadLetter>> list(int limit, int offset) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select event_id, topic, event_key, event_type, length(payload), error, failed_at"
                        + " from outbox_dead_letter order by failed_at desc, event_id limit ?1 offset ?2", Object[].class)
                .setParameter(1, limit)
                .setParameter(2, offset)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new OutboxDeadLetter((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                        ((Number) r[4]).intValue(), (String) r[5], instant(r[6]))).toList())));
    }

    public Uni<Long> count() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from outbox_dead_letter", Long.class).getSingleResult()));
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        return value instanceof java.sql.Timestamp ts ? ts.toInstant() : null;
    }

    private Counter counter() {
        if (counter == null) {
            counter = Counter.builder("outbox_dead_letters").description("Events the broker refused for good")
                    .register(registry);
        }
        return counter;
    }
}
