package com.outreachpilot.billing.domain;

import com.outreachpilot.billing.api.BillingViews.OrganizationView;
import com.outreachpilot.billing.config.BillingConfig;
import com.outreachpilot.billing.events.BillingEvents;
import com.outreachpilot.billing.repository.CreditRepository;
import com.outreachpilot.billing.repository.OrganizationRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Organizations and their plans. */
@ApplicationScoped
public class OrganizationService {

    @Inject
    OrganizationRepository organizations;

    @Inject
    CreditRepository credits;

    @Inject
    Outbox outbox;

    @Inject
    BillingConfig config;

    public long allowance(Plan plan) {
        return config.monthlyCredits().getOrDefault(plan.wire(), 0L);
    }

    public OrganizationView view(Organization org, long balance) {
        return new OrganizationView(org.id.toString(), org.name, org.plan, balance, allowance(org.plan()),
                org.creditsResetAt, org.createdAt, org.updatedAt);
    }

    /** The next billing date: one calendar month after {@code from}, in UTC. */
    public static Instant oneMonthAfter(Instant from) {
        return from.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
    }

    @WithTransaction
    public Uni<OrganizationView> create(String name, Plan plan) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Organization org = new Organization();
        org.id = Ids.newUuid();
        org.name = name.trim();
        org.plan = plan.wire();
        org.creditsResetAt = oneMonthAfter(now);
        org.createdAt = now;
        org.updatedAt = now;
        long allowance = allowance(plan);
        return organizations.persist(org)
                .call(organizations::flush) // the row must exist before the balance statement below
                .chain(() -> credits.adjust(org.id, allowance, CreditLedgerEntry.Type.GRANT,
                        "Monthly allowance of the " + plan.wire() + " plan", null, now))
                .map(balance -> view(org, balance))
                .call(view -> outbox.append(BillingEvents.organization(EventType.ORG_CREATED, view)));
    }

    @WithSession
    public Uni<OrganizationView> get(UUID id) {
        return active(id).map(org -> view(org, org.creditsBalance));
    }

    @WithSession
    public Uni<Page<OrganizationView>> list(PageRequest page) {
        return organizations.find("deletedAt is null order by createdAt, id")
                .range(page.offset(), page.offset() + page.limit() - 1).list()
                .chain(items -> organizations.count("deletedAt is null")
                        .map(total -> new Page<>(items, total, page).map(org -> view(org, org.creditsBalance))));
    }

    @WithTransaction
    public Uni<OrganizationView> update(UUID id, String name, Plan plan) {
        return active(id).chain(org -> {
            if (name != null) {
                org.name = name.trim();
            }
            if (plan != null) {
                org.plan = plan.wire();
            }
            org.updatedAt = Instant.now();
            OrganizationView view = view(org, org.creditsBalance);
            return outbox.append(BillingEvents.organization(EventType.ORG_UPDATED, view)).replaceWith(view);
        });
    }

    /**
     * Soft delete: the row stays so the organization's keys resolve to a deleted organization (the gateway
     * answers ORG_NOT_FOUND) and no new key can be made for it.
     */
    @WithTransaction
    public Uni<UUID> delete(UUID id) {
        return active(id).chain(org -> {
            Instant now = Instant.now();
            org.deletedAt = now;
            org.updatedAt = now;
            OrganizationView view = view(org, org.creditsBalance);
            return outbox.append(BillingEvents.organization(EventType.ORG_DELETED, view)).replaceWith(org.id);
        });
    }

    Uni<Organization> active(UUID id) {
        return organizations.findActive(id).onItem().ifNull().failWith(() -> ApiException.notFound("Organization"));
    }
}
