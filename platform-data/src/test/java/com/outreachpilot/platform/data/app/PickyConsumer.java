package com.outreachpilot.platform.data.app;

import com.outreachpilot.platform.data.consumer.IdempotentEvents;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A consumer that refuses events whose data says {@code "poison": true}, as a bad value would be refused. */
@ApplicationScoped
public class PickyConsumer extends IdempotentEvents {

    public static final Queue<String> APPLIED = new ConcurrentLinkedQueue<>();

    @Override
    protected String purpose() {
        return "picky";
    }

    @Override
    protected Collection<String> topics() {
        return List.of(EventType.Domain.CONTACTS.topic());
    }

    @Override
    protected Set<String> types() {
        return Set.of(EventType.CONTACT_CREATED.type());
    }

    @Override
    protected Uni<Void> apply(DomainEvent event) {
        if (event.data().path("poison").asBoolean(false)) {
            return Uni.createFrom().failure(new IllegalArgumentException("the value of poison is refused"));
        }
        return Uni.createFrom().voidItem().invoke(() -> APPLIED.add(event.subject()));
    }
}
