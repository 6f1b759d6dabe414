package com.outreachpilot.gateway.events;

import com.outreachpilot.gateway.domain.Principals;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventConsumer;
import com.outreachpilot.platform.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.util.Collection;
import java.util.List;

/**
 * Every gateway replica reads every billing event ({@link Mode#BROADCAST}: all partitions, from the end, no
 * group) and drops cached principals of revoked keys and changed or deleted organizations at once. Dropping a
 * cache entry twice is harmless, so a redelivered event needs no record of having been seen.
 */
@ApplicationScoped
public class BillingEventsListener extends EventConsumer {

    private static final DomainEventCodec CODEC = new DomainEventCodec();

    @Inject
    Principals principals;



    @Override
    protected String name() {
        return "gateway-principal-invalidation";
    }

    @Override
    protected Collection<String> topics() {
        return List.of(EventType.Domain.BILLING.topic());
    }

    @Override
    protected Mode mode() {
        return Mode.BROADCAST;
    }

    @Override
    protected boolean handle(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            apply(CODEC.deserialize(record.topic(), record.value()));
        }
        return false;
    }

    void apply(DomainEvent event) {
        if (event == null) {
            return;
        }
        switch (event.type()) {
            case "apikey.revoked" -> principals.forgetKey(event.subject());
            case "org.updated", "org.deleted" -> principals.forgetOrganization(event.orgId());
            default -> {
                // other billing events do not change what a key may do
            }
        }
    }
}
