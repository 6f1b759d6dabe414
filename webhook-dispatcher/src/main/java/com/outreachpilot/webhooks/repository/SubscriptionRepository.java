package com.outreachpilot.webhooks.repository;

import com.outreachpilot.platform.data.jobs.SafeContext;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.webhooks.domain.Subscription;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, UUID> {

    @Inject
    Vertx vertx;

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

    /** Enabled subscriptions of these organizations, in a session of its own: callable from any thread. */
    public Uni<List<Subscription>> enabledOf(Collection<String> orgIds) {
        return SafeContext.run(vertx, () -> Panache.withSession(() ->
                find("orgId in ?1 and enabled = true and deletedAt is null", List.copyOf(orgIds)).list()));
    }

    /**
     * Deletes an organization's subscriptions with their deliveries (on delete cascade), in the caller's
     * transaction; one native statement, where Panache would load every subscription first.
     */
    public Uni<Void> deleteOrganization(com.outreachpilot.platform.auth.OrgId orgId) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("delete from subscription where org_id = ?1")
                        .setParameter(1, orgId.toString())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
