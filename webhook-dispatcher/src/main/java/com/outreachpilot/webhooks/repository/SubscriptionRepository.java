package com.outreachpilot.webhooks.repository;

import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.webhooks.domain.Subscription;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, UUID> {

    /** A subscription of the organization that was not deleted. */
    public Uni<Subscription> findLive(String orgId, UUID id) {
        return find("id = ?1 and orgId = ?2 and deletedAt is null", id, orgId).firstResult();
    }

    public Uni<List<Subscription>> page(String orgId, PageRequest page) {
        return find("orgId = ?1 and deletedAt is null order by createdAt, id", orgId)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<Long> countLive(String orgId) {
        return count("orgId = ?1 and deletedAt is null", orgId);
    }

    /** In the caller's transaction: the subscription's pending deliveries fail (it was disabled or deleted). */
    public Uni<Void> failPendingDeliveries(UUID subscriptionId, String reason) {
        return Panache.getSession().chain(session -> session.createNativeQuery("update delivery set status = 'failed',"
                        + " next_attempt_at = null, last_error = ?2, updated_at = now() where subscription_id = ?1 and status = 'pending'")
                .setParameter(1, subscriptionId).setParameter(2, reason).executeUpdate()).replaceWithVoid();
    }
}
