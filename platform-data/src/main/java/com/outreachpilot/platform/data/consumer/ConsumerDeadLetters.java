package com.outreachpilot.platform.data.consumer;

import com.outreachpilot.platform.error.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * Events a consumer could not apply for good: kept with the error in {@code consumer_dead_letter}, recorded as
 * processed in the same transaction (so the events behind them are applied), logged and counted
 * ({@code consumer_dead_letters_total}). Only failures that retrying cannot fix go here; a database or service
 * outage keeps the consumer retrying from its committed offsets instead.
 */
@ApplicationScoped
public class ConsumerDeadLetters {

    private static final Logger LOG = Logger.getLogger(ConsumerDeadLetters.class);
    private static final int MAX_ERROR = 1_000;
    /** SQLSTATE classes caused by the data itself: data exception, integrity constraint violation. */
    private static final Set<String> DATA_STATES = Set.of("22", "23");

    /** A dead letter as operators see it (the payload's size, not the payload). */
    public record ConsumerDeadLetter(String consumer, String eventId, String topic, String orgId, String type, int payloadChars,
                        String error, int attempts, Instant failedAt) {
    }

    @Inject
    MeterRegistry registry;

    @Inject
    ProcessedEvents processed;

    /**
     * Whether applying the event again cannot succeed: the failure comes from the event's data (a value the code
     * refuses, a type it cannot read, a constraint it breaks), not from an outage or a timeout.
     */
    public static boolean permanent(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && state.length() >= 2 && DATA_STATES.contains(state.substring(0, 2));
            }
            if (e instanceof ApiException api) {
                int status = api.code().status();
                return status >= 400 && status < 500 && status != 408 && status != 429;
            }
            if (e instanceof IllegalArgumentException || e instanceof NullPointerException
                    || e instanceof ClassCastException || e instanceof ArithmeticException
                    || e instanceof IndexOutOfBoundsException || e instanceof java.time.DateTimeException
                    || e instanceof jakarta.validation.ValidationException
                    || e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    /** In a transaction of its own: the event is set aside and marked processed for the consumer. */
    public Uni<Void> store(String consumer, String topic, String eventId, String orgId, String type, String payload,
                           Throwable failure, int attempts) {
        String error = failure.getClass().getName() + ": " + failure.getMessage();
        String kept = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        LOG.errorf("%s could not apply event %s (%s, organization %s) after %d attempts; moved to consumer_dead_letter: %s",
                consumer, eventId, type, orgId, attempts, kept);
        return Panache.withTransaction(() -> processed.markIfFirst(consumer, eventId)
                .chain(() -> Panache.getSession()).chain(session -> session.createNativeQuery("""
                                insert into consumer_dead_letter (consumer, event_id, topic, org_id, event_type, payload,
                                  error, attempts) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict do nothing""")
                        .setParameter(1, consumer)
                        .setParameter(2, eventId)
                        .setParameter(3, topic)
                        .setParameter(4, orgId)
                        .setParameter(5, type)
                        .setParameter(6, payload)
                        .setParameter(7, kept)
                        .setParameter(8, attempts)
                        .executeUpdate()))
                .invoke(() -> Counter.builder("consumer_dead_letters").description("Events a consumer could not apply for good")
                        .tag("consumer", consumer).register(registry).increment())
                .replaceWithVoid();
    }

    /** The newest first. */
    public Uni<List<ConsumerDeadLetter>> list(int limit, int offset) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select consumer, event_id, topic, org_id, event_type, length(payload), error, attempts,"
                        + " failed_at from consumer_dead_letter order by failed_at desc, event_id limit ?1 offset ?2",
                        Object[].class)
                .setParameter(1, limit)
                .setParameter(2, offset)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new ConsumerDeadLetter((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                        (String) r[4], ((Number) r[5]).intValue(), (String) r[6], ((Number) r[7]).intValue(),
                        instant(r[8]))).toList())));
    }

    public Uni<Long> count() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from consumer_dead_letter", Long.class).getSingleResult()));
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
}
