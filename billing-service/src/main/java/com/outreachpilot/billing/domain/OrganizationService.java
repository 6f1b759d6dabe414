package com.outreachpilot.billing.domain;

import com.outreachpilot.billing.config.BillingConfig;
import com.outreachpilot.billing.events.BillingEvents;
import com.outreachpilot.billing.repository.CreditLedgerRepository;
import com.outreachpilot.billing.repository.OrganizationRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Plan;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Organizations and their plans. */
@ApplicationScoped
public class OrganizationService {

    @Inject
    OrganizationRepository organizations;

    @Inject
    CreditLedgerRepository ledger;

    @Inject
    Outbox outbox;

    @Inject
    BillingConfig config;

    @Inject
    Clock clock;

    public long allowance(Plan plan) {
        return config.monthlyCredits().getOrDefault(plan.wire(), 0L);
    }

    /** The organization with {@code balance}, which the caller read from the row or from a balance statement. */
    public OrganizationSummary summary(Organization org, long balance) {
        Plan plan = org.plan();
        return new OrganizationSummary(org.id, org.name, plan, balance, allowance(plan), org.creditsResetAt,
                org.createdAt, org.updatedAt);
    }

    /** The next billing date: one calendar month after {@code from}, in UTC. */
    public static Instant oneMonthAfter(Instant from) {
        return from.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
    }

    @WithTransaction
    public Uni<OrganizationSummary> create(String name, Plan plan) {
        Instant now = clock.now();
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
                .chain(() -> ledger.adjust(org.id, allowance, CreditLedgerEntry.Type.GRANT,
                        "Monthly allowance of the " + plan.wire() + " plan", null, now))
                .map(balance -> summary(org, balance))
                .call(summary -> outbox.append(BillingEvents.organization(EventType.ORG_CREATED, summary)));
    }

    @WithSession
    public Uni<OrganizationSummary> get(UUID id) {
        return active(id).map(org -> summary(org, org.creditsBalance));
    }

    @WithSession
    public Uni<Page<OrganizationSummary>> list(PageRequest page) {
        return organizations.listActive(page)
                .chain(items -> organizations.countActive()
                        .map(total -> new Page<>(items, total, page).map(org -> summary(org, org.creditsBalance))));
    }

    @WithTransaction
    public Uni<OrganizationSummary> update(UUID id, String name, Plan plan) {
        return active(id).chain(org -> {
            if (name != null) {
                org.name = name.trim();
            }
            if (plan != null) {
                org.plan = plan.wire();
            }
            org.updatedAt = clock.now();
            OrganizationSummary summary = summary(org, org.creditsBalance);
            return outbox.append(BillingEvents.organization(EventType.ORG_UPDATED, summary)).replaceWith(summary);
        });
    }

    /**
     * Soft delete: the row stays so the organization's keys resolve to a deleted organization (the gateway
     * answers ORG_NOT_FOUND) and no new key can be made for it.
     */
    @WithTransaction
    public Uni<UUID> delete(UUID id) {
        return active(id).chain(org -> {
            Instant now = clock.now();
            org.deletedAt = now;
            org.updatedAt = now;
            OrganizationSummary summary = summary(org, org.creditsBalance);
            return outbox.append(BillingEvents.organization(EventType.ORG_DELETED, summary)).replaceWith(org.id);
        });
    }

    private Uni<Organization> active(UUID id) {
        return organizations.findActive(id).onItem().ifNull().failWith(() -> ApiException.notFound("Organization"));
    }
}
