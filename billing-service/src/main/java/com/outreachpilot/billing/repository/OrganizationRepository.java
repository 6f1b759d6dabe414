package com.outreachpilot.billing.repository;

import com.outreachpilot.billing.domain.CreditAlert;
import com.outreachpilot.billing.domain.Organization;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<Organization, UUID> {

    /** The organization unless it does not exist or was deleted. */
    public Uni<Organization> findActive(UUID id) {
        return find("id = ?1 and deletedAt is null", id).firstResult();
    }

    public Uni<List<Organization>> listActive(PageRequest page) {
        return find("deletedAt is null order by createdAt, id")
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<Long> countActive() {
        return count("deletedAt is null");
    }

    /**
     * The balance as stored now: a scalar query, because the session may hold the entity as it was before a
     * balance statement changed the row.
     */
    public Uni<Long> balance(UUID id) {
        return getSession().chain(session -> session
                .createSelectionQuery("select creditsBalance from Organization where id = ?1", Long.class)
                .setParameter(1, id)
                .getSingleResult());
    }

    /**
     * Ids of up to {@code limit} organizations whose billing date has come, locked for this transaction.
     * Native SQL: {@code FOR UPDATE SKIP LOCKED} lets replicas share the work without waiting on each other.
     */
    public Uni<List<UUID>> claimDueForReset(Instant now, int limit) {
        return getSession().chain(session -> session.createNativeQuery(
                        "select id from organization where deleted_at is null and credits_reset_at <= ?1"
                                + " order by credits_reset_at limit " + limit + " for update skip locked", UUID.class)
                .setParameter(1, now.atOffset(ZoneOffset.UTC))
                .getResultList());
    }

    /**
     * Marks the current billing period as alerted; true only the first time in that period. Native SQL: one
     * conditional update decides between concurrent charges, and the columns are not mapped on the entity.
     */
    public Uni<Boolean> claimAlert(UUID orgId, CreditAlert alert) {
        String column = switch (alert) {
            case LOW -> "low_alerted_period";
            case EXHAUSTED -> "exhausted_alerted_period";
        };
        return getSession().chain(session -> session.createNativeQuery(
                        "update organization set " + column + " = credits_reset_at where id = ?1"
                                + " and " + column + " is distinct from credits_reset_at")
                .setParameter(1, orgId)
                .executeUpdate())
                .map(rows -> rows == 1);
    }
}
