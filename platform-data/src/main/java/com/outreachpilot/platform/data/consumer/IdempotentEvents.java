package com.outreachpilot.platform.data.consumer;

import com.outreachpilot.platform.data.jobs.SafeContext;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventConsumer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * A consumer of other services' events that changes this service's data: records of the {@link #types} it
 * wants (read from the {@code event-type} header, so others are skipped unparsed) are decoded and
 * {@link #apply applied} one by one, each in a transaction that also records the event id
 * ({@link ProcessedEvents}), so a redelivered event changes nothing. Replicas share the work through the
 * service's consumer group for this consumer. An event that cannot be applied for good is set aside
 * ({@link ConsumerDeadLetters}) rather than retried forever in front of the others.
 */
public abstract class IdempotentEvents extends EventConsumer {

    private static final DomainEventCodec CODEC = new DomainEventCodec();
    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(10);
    /** Pauses between the attempts to apply one event before it is judged. */
    private static final Duration[] RETRY_DELAYS = {Duration.ofMillis(200), Duration.ofSeconds(1)};

    @Inject
    Vertx vertx;

    @Inject
    ProcessedEvents processed;

    @Inject
    ConsumerDeadLetters deadLetters;

    /** The event types this consumer acts on. */
    protected abstract Set<String> types();

    /** What one event changes, inside the transaction that records it as processed. */
    protected abstract Uni<Void> apply(DomainEvent event);

    /** This consumer's name within its service, e.g. {@code org-deletions}. */
    protected abstract String purpose();

    @Override
    protected final String name() {
        return ConfigProvider.getConfig().getValue("quarkus.application.name", String.class) + "-" + purpose();
    }

    @Override
    protected boolean handle(ConsumerRecords<String, byte[]> records) {
        boolean wrote = false;
        for (ConsumerRecord<String, byte[]> record : records) {
            Header type = record.headers().lastHeader("event-type");
            if (type == null || !types().contains(new String(type.value(), StandardCharsets.UTF_8))) {
                continue;
            }
            DomainEvent event = CODEC.deserialize(record.topic(), record.value());
            if (event == null || event.orgId() == null) {
                continue;
            }
            applyOrSetAside(record, event);
            wrote = true;
        }
        return wrote;
    }

    /**
     * Applies the event, trying again shortly when it fails. A failure that retrying cannot fix (the event's data
     * is refused: {@link ConsumerDeadLetters#permanent}) sets the event aside after the last attempt, so one bad
     * event never stops the events behind it; any other failure (an outage) is thrown, and the consumer resumes
     * from its committed offsets after a pause.
     */
    private void applyOrSetAside(ConsumerRecord<String, byte[]> record, DomainEvent event) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= RETRY_DELAYS.length + 1; attempt++) {
            try {
                SafeContext.run(vertx, () -> processed.handleOnce(name(), event, this::apply)).await().atMost(APPLY_TIMEOUT);
                return;
            } catch (RuntimeException e) {
                last = e;
                if (attempt <= RETRY_DELAYS.length) {
                    try {
                        Thread.sleep(RETRY_DELAYS[attempt - 1].toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
        if (!ConsumerDeadLetters.permanent(last)) {
            throw last;
        }
        int attempts = RETRY_DELAYS.length + 1;
        Throwable cause = last;
        SafeContext.run(vertx, () -> deadLetters.store(name(), record.topic(), event.id(), event.orgId(), event.type(),
                new String(record.value(), StandardCharsets.UTF_8), cause, attempts)).await().atMost(APPLY_TIMEOUT);
    }
}
