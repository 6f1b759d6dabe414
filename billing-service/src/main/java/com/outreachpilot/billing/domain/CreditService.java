package com.outreachpilot.billing.domain;

import com.outreachpilot.billing.api.BillingViews.Credits;
import com.outreachpilot.billing.api.BillingViews.LedgerEntryView;
import com.outreachpilot.billing.api.BillingViews.OrganizationView;
import com.outreachpilot.billing.api.BillingViews.ReservationView;
import com.outreachpilot.billing.config.BillingConfig;
import com.outreachpilot.billing.events.BillingEvents;
import com.outreachpilot.billing.repository.CreditRepository;
import com.outreachpilot.billing.repository.OrganizationRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Credits: balance, grants, the reserve → settle/release cycle other services charge through, the monthly
 * reset, and low/exhausted alerts. The balance always equals the sum of the ledger.
 */
@ApplicationScoped
public class CreditService {

    static final String HELD = "held";
    static final String SETTLED = "settled";
    static final String RELEASED = "released";

    @Inject
    OrganizationRepository organizations;

    @Inject
    OrganizationService organizationService;

    @Inject
    CreditRepository credits;

    @Inject
    Outbox outbox;

    @Inject
    BillingConfig config;

    @WithSession
    public Uni<Credits> credits(UUID orgId) {
        return activeOrg(orgId).map(org -> new Credits(org.creditsBalance, organizationService.allowance(org.plan()),
                org.plan, org.creditsResetAt));
    }

    @WithSession
    public Uni<Page<LedgerEntryView>> ledger(UUID orgId, PageRequest page) {
        return activeOrg(orgId)
                .chain(org -> credits.ledger(org.id, page)
                        .chain(items -> credits.ledgerCount(org.id)
                                .map(total -> new Page<>(items, total, page).map(LedgerEntryView::of))));
    }

    /** An operator's grant (positive) or removal (negative); a removal never takes the balance below zero. */
    @WithTransaction
    public Uni<OrganizationView> grant(UUID orgId, long amount, String reason) {
        Instant now = now();
        return organizations.findActive(orgId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Organization"))
                .chain(org -> {
                    Uni<Long> balance = amount > 0
                            ? credits.adjust(org.id, amount, CreditLedgerEntry.Type.GRANT, reason, null, now)
                            : credits.debitIfCovered(org.id, -amount, CreditLedgerEntry.Type.REMOVAL, reason, null, now)
                                    .map(left -> left.orElseThrow(() -> ApiException.invalid("amount",
                                            "removes more credits than the organization has (" + org.creditsBalance + ")")));
                    return balance.call(left -> alertIfLow(org, left))
                            .map(left -> organizationService.view(org, left));
                });
    }

    /**
     * Holds {@code amount} credits under the caller's idempotency key. The same key again returns the same
     * reservation without charging twice; a balance that cannot cover it is refused (402).
     */
    @WithTransaction
    public Uni<ReservationView> reserve(UUID orgId, String idempotencyKey, long amount) {
        Instant now = now();
        UUID id = Ids.newUuid();
        return activeOrg(orgId).chain(org -> insertReservation(id, org.id, idempotencyKey, amount, now)
                .chain(inserted -> !inserted
                        ? existingReservation(org.id, idempotencyKey)
                        : credits.debitIfCovered(org.id, amount, CreditLedgerEntry.Type.RESERVATION, "Reserved",
                                        idempotencyKey, now)
                                .chain(left -> {
                                    if (left.isEmpty()) {
                                        return Uni.createFrom().failure(new ApiException(ErrorCode.INSUFFICIENT_CREDITS,
                                                "Not enough credits for the operation",
                                                "Needs " + amount + ", " + org.creditsBalance + " remaining"));
                                    }
                                    return alertIfLow(org, left.get())
                                            .chain(() -> CreditReservation.<CreditReservation>findById(id))
                                            .map(r -> ReservationView.of(r, left.get()));
                                })));
    }

    /** Charges {@code actual} (≤ the held amount) and gives the rest back. Settling twice is harmless. */
    @WithTransaction
    public Uni<ReservationView> settle(UUID orgId, UUID reservationId, long actual) {
        return lockedReservation(orgId, reservationId).chain(r -> {
            if (SETTLED.equals(r.state)) {
                return balanceOf(r).map(b -> ReservationView.of(r, b));
            }
            if (RELEASED.equals(r.state)) {
                throw ApiException.invalid("reservation", "was already released");
            }
            if (actual < 0 || actual > r.amount) {
                throw ApiException.invalid("amount", "must be between 0 and the reserved " + r.amount);
            }
            Instant now = now();
            r.state = SETTLED;
            r.settledAmount = actual;
            r.finishedAt = now;
            long refund = r.amount - actual;
            Uni<Long> balance = refund > 0
                    ? credits.adjust(r.orgId, refund, CreditLedgerEntry.Type.SETTLEMENT,
                            "Settled " + actual + " of " + r.amount + " reserved", r.idempotencyKey, now)
                    : balanceOf(r);
            return balance.map(b -> ReservationView.of(r, b));
        });
    }

    /** Gives the whole reservation back (the operation did not happen). Releasing twice is harmless. */
    @WithTransaction
    public Uni<ReservationView> release(UUID orgId, UUID reservationId) {
        return lockedReservation(orgId, reservationId).chain(r -> release(r, "Released"));
    }

    /** Releases reservations nobody settled in time. Returns how many. */
    @WithTransaction
    public Uni<Integer> releaseExpired(Instant now) {
        return claimDue("select id from credit_reservation where state = 'held' and expires_at < ?1"
                        + " order by expires_at limit 100 for update skip locked", now)
                .chain(ids -> sequentially(ids, id -> CreditReservation.<CreditReservation>findById(id)
                        .chain(r -> release(r, "Expired unsettled reservation"))).replaceWith(ids.size()));
    }

    /**
     * Resets every organization whose billing date has come to its plan's allowance and moves its billing
     * date forward by whole months past {@code now}. Safe with several replicas: due rows are claimed with
     * {@code FOR UPDATE SKIP LOCKED}. Returns how many organizations were reset.
     */
    @WithTransaction
    public Uni<Integer> resetDue(Instant now) {
        return claimDue("select id from organization where deleted_at is null and credits_reset_at <= ?1"
                        + " order by credits_reset_at limit 100 for update skip locked", now)
                .chain(ids -> sequentially(ids, id -> organizations.findById(id).chain(org -> reset(org, now)))
                        .replaceWith(ids.size()));
    }

    /** Ids of due rows, locked for this transaction; rows another replica holds are skipped. */
    private static Uni<List<UUID>> claimDue(String sql, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, UUID.class)
                .setParameter(1, now.atOffset(ZoneOffset.UTC))
                .getResultList());
    }

    private Uni<Void> reset(Organization org, Instant now) {
        long allowance = organizationService.allowance(org.plan());
        Instant next = org.creditsResetAt;
        while (!next.isAfter(now)) {
            next = OrganizationService.oneMonthAfter(next);
        }
        org.creditsResetAt = next;
        org.updatedAt = now;
        return credits.adjust(org.id, allowance - org.creditsBalance, CreditLedgerEntry.Type.MONTHLY_RESET,
                        "Monthly allowance of the " + org.plan + " plan", null, now)
                .chain(balance -> outbox.append(BillingEvents.credits(EventType.CREDITS_RESET, org.id.toString(),
                        balance, allowance)));
    }

    private Uni<ReservationView> release(CreditReservation r, String reason) {
        if (!HELD.equals(r.state)) {
            return balanceOf(r).map(b -> ReservationView.of(r, b));
        }
        Instant now = now();
        r.state = RELEASED;
        r.finishedAt = now;
        return credits.adjust(r.orgId, r.amount, CreditLedgerEntry.Type.RELEASE, reason, r.idempotencyKey, now)
                .map(b -> ReservationView.of(r, b));
    }

    /** Emits credits.exhausted / credits.low at most once per billing period each. */
    private Uni<Void> alertIfLow(Organization org, long balance) {
        long allowance = organizationService.allowance(org.plan());
        Uni<Void> exhausted = balance > 0 ? Uni.createFrom().voidItem()
                : credits.claimAlert(org.id, "exhausted_alerted_period").chain(first -> first
                        ? outbox.append(BillingEvents.credits(EventType.CREDITS_EXHAUSTED, org.id.toString(), balance, allowance))
                        : Uni.createFrom().voidItem());
        boolean low = allowance > 0 && balance < allowance * config.lowBalanceRatio();
        return exhausted.chain(() -> !low ? Uni.createFrom().voidItem()
                : credits.claimAlert(org.id, "low_alerted_period").chain(first -> first
                        ? outbox.append(BillingEvents.credits(EventType.CREDITS_LOW, org.id.toString(), balance, allowance))
                        : Uni.createFrom().voidItem()));
    }

    private Uni<Boolean> insertReservation(UUID id, UUID orgId, String key, long amount, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into credit_reservation (id, org_id, idempotency_key, amount, state, created_at, expires_at)"
                                + " values (?1, ?2, ?3, ?4, 'held', ?5, ?6) on conflict (org_id, idempotency_key) do nothing")
                .setParameter(1, id)
                .setParameter(2, orgId)
                .setParameter(3, key)
                .setParameter(4, amount)
                .setParameter(5, now.atOffset(ZoneOffset.UTC))
                .setParameter(6, now.plus(config.reservationTtl()).atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    private Uni<ReservationView> existingReservation(UUID orgId, String key) {
        return CreditReservation.<CreditReservation>find("orgId = ?1 and idempotencyKey = ?2", orgId, key).firstResult()
                .chain(r -> balanceOf(r).map(b -> ReservationView.of(r, b)));
    }

    private Uni<CreditReservation> lockedReservation(UUID orgId, UUID id) {
        return CreditReservation.<CreditReservation>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .map(r -> r != null && r.orgId.equals(orgId) ? r : null)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Reservation"));
    }

    private Uni<Long> balanceOf(CreditReservation r) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select credits_balance from organization where id = ?1", Long.class)
                .setParameter(1, r.orgId).getSingleResult());
    }

    private Uni<Organization> activeOrg(UUID orgId) {
        return organizations.findActive(orgId)
                .onItem().ifNull().failWith(() -> new ApiException(ErrorCode.ORG_NOT_FOUND,
                        "Organization deleted or invalid"));
    }

    private static <T> Uni<Void> sequentially(List<T> items, java.util.function.Function<T, Uni<?>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item)).replaceWithVoid();
        }
        return chain;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
