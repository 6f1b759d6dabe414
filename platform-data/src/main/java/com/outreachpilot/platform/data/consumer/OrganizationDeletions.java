package com.outreachpilot.platform.data.consumer;

import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.jobs.SafeContext;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventConsumer;
import com.outreachpilot.platform.events.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Removes an organization's data from this service when billing-service publishes {@code org.deleted}: a
 * service's subclass says what to delete ({@link #purge}), in the transaction that also records the event as
 * processed (so a redelivered event deletes nothing twice) and drops the organization's {@code Idempotency-Key}
 * records. Replicas share the work through one consumer group per service.
 */
public abstract class OrganizationDeletions extends EventConsumer {

    private static final Logger LOG = Logger.getLogger(OrganizationDeletions.class);
    private static final DomainEventCodec CODEC = new DomainEventCodec();
    private static final Duration PURGE_TIMEOUT = Duration.ofMinutes(10);

    @Inject
    Vertx vertx;

    @Inject
    ProcessedEvents processed;

    /** Deletes everything this service holds for {@code org}, inside the current transaction. */
    protected abstract Uni<Void> purge(OrgId org);

    @Override
    protected String name() {
        return ConfigProvider.getConfig().getValue("quarkus.application.name", String.class) + "-org-deletions";
    }

    @Override
    protected Collection<String> topics() {
        return List.of(EventType.Domain.BILLING.topic());
    }

    @Override
    protected boolean handle(ConsumerRecords<String, byte[]> records) {
        boolean wrote = false;
        for (ConsumerRecord<String, byte[]> record : records) {
            Header type = record.headers().lastHeader("event-type");
            if (type == null || !EventType.ORG_DELETED.type().equals(new String(type.value(), StandardCharsets.UTF_8))) {
                continue;
            }
            DomainEvent event = CODEC.deserialize(record.topic(), record.value());
            if (event == null || event.orgId() == null) {
                continue;
            }
            OrgId org;
            try {
                org = OrgId.of(event.orgId());
            } catch (IllegalArgumentException e) {
                LOG.warnf("org.deleted event %s names no organization id (%s); skipped", event.id(), event.orgId());
                continue;
            }
            boolean purged = SafeContext.run(vertx, () -> processed.handleOnce(name(), event,
                            e -> purge(org).chain(() -> forgetIdempotencyKeys(org))))
                    .await().atMost(PURGE_TIMEOUT);
            if (purged) {
                LOG.infof("Organization %s deleted: its data in this service is gone", org);
            }
            wrote = true;
        }
        return wrote;
    }

    private static Uni<Void> forgetIdempotencyKeys(OrgId org) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("delete from idempotency_record where scope = ?1")
                        .setParameter(1, org.toString())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
