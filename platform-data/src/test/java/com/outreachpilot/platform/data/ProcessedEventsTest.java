package com.outreachpilot.platform.data;

import com.outreachpilot.platform.data.consumer.ProcessedEvents;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A redelivered event is processed once per consumer. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ProcessedEventsTest {

    @Inject
    ProcessedEvents processed;

    @Test
    @RunOnVertxContext
    void redeliveredEventIsProcessedOnce(UniAsserter asserter) {
        DomainEvent event = DomainEvent.of(EventType.CONTACT_CREATED, "org_p", "contact_1", Map.of("email", "a@b.c"));
        AtomicInteger effects = new AtomicInteger();
        asserter.assertEquals(() -> processed.handleOnce("test-consumer", event, e -> count(effects)), true);
        asserter.assertEquals(() -> processed.handleOnce("test-consumer", event, e -> count(effects)), false);
        // another consumer has its own record
        asserter.assertEquals(() -> processed.handleOnce("other-consumer", event, e -> count(effects)), true);
        asserter.execute(() -> assertEquals(2, effects.get()));
    }

    @Test
    @RunOnVertxContext
    void failedHandlingIsNotRecordedSoTheRedeliveryRetries(UniAsserter asserter) {
        DomainEvent event = DomainEvent.of(EventType.CONTACT_UPDATED, "org_p", "contact_2", Map.of());
        asserter.assertFailedWith(() -> processed.handleOnce("retrying-consumer", event,
                e -> Uni.createFrom().failure(new IllegalStateException("downstream unavailable"))),
                IllegalStateException.class);
        asserter.assertEquals(() -> processed.handleOnce("retrying-consumer", event, e -> Uni.createFrom().voidItem()),
                true);
    }

    private static Uni<Void> count(AtomicInteger effects) {
        return Uni.createFrom().item(effects::incrementAndGet).replaceWithVoid();
    }
}
