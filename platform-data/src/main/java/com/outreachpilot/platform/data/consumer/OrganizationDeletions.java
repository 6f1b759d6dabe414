package com.outreachpilot.platform.data.consumer;

import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Removes an organization's data from this service when billing-service publishes {@code org.deleted}: a
 * service's subclass says what to delete ({@link #purge}), in the transaction that also records the event as
 * processed (a redelivered event deletes nothing twice) and drops the organization's {@code Idempotency-Key}
 * records.
 */
public abstract class OrganizationDeletions extends IdempotentEvents {

    private static final Logger LOG = Logger.getLogger(OrganizationDeletions.class);

    /** Deletes everything this service holds for {@code org}, inside the current transaction. */
    protected abstract Uni<Void> purge(OrgId org);

    @Override
    protected String purpose() {
        return "org-deletions";
    }

    @Override
    protected Collection<String> topics() {
        return List.of(EventType.Domain.BILLING.topic());
    }

    @Override
    protected Set<String> types() {
        return Set.of(EventType.ORG_DELETED.type());
    }

    @Override
    protected Uni<Void> apply(DomainEvent event) {
        OrgId org;
        try {
            org = OrgId.of(event.orgId());
        } catch (IllegalArgumentException e) {
            LOG.warnf("org.deleted event %s names no organization id (%s); skipped", event.id(), event.orgId());
            return Uni.createFrom().voidItem();
        }
        return purge(org).chain(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("delete from idempotency_record where scope = ?1")
                        .setParameter(1, org.toString())
                        .executeUpdate()))
                .invoke(() -> LOG.infof("Organization %s deleted: its data in this service is gone", org))
                .replaceWithVoid();
    }
}
