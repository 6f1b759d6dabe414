package com.outreachpilot.billing.domain;

import com.outreachpilot.billing.config.BillingConfig;
import com.outreachpilot.billing.events.BillingEvents;
import com.outreachpilot.billing.repository.CreditLedgerRepository;
import com.outreachpilot.billing.repository.CreditReservationRepository;
import com.outreachpilot.billing.repository.OrganizationRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
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
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static com.outreachpilot.billing.domain.CreditReservation.HELD;
import static com.outreachpilot.billing.domain.CreditReservation.RELEASED;
import static com.outreachpilot.billing.domain.CreditReservation.SETTLED;

/**
 * Credits: balance, grants, the reserve → settle/release cycle other services charge through, the monthly
 * reset, and low/exhausted alerts. The balance always equals the sum of the ledger.
 */
@ApplicationScoped
public class CreditService {

    /** Rows a job run claims at most; a full batch makes the job run again at once. */
    static final int BATCH = 100;

    @Inject
    OrganizationRepository organizations;

    @Inject
    OrganizationService organizationService;

    @Inject
    CreditLedgerRepository ledger;

    @Inject
    CreditReservationRepository reservations;

    @Inject
    Outbox outbox;

    @Inject
    BillingConfig config;

    @Inject
    Clock clock;

    /** The caller's organization with its balance. */
    @WithSession
    public Uni<OrganizationSummary> credits(OrgId orgId) {
        return activeOrg(orgId).map(org -> organizationService.summary(org, org.creditsBalance));
    }

    @WithSession
    public Uni<Page<CreditLedgerEntry>> ledger(OrgId orgId, PageRequest page) {
        return activeOrg(orgId)
                .chain(org -> ledger.page(org.id, page)
                        .chain(items -> ledger.countFor(org.id).map(total -> new Page<>(items, total, page))));
    }

    /** An operator's grant (positive) or removal (negative); a removal never takes the balance below zero. */
    @WithTransaction
    public Uni<OrganizationSummary> grant(UUID orgId, long amount, String reason) {
        Instant now = clock.now();
        return organizations.findActive(orgId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Organization"))
                .chain(org -> {
                    Uni<Long> balance = amount > 0
                            ? ledger.adjust(org.id, amount, CreditLedgerEntry.Type.GRANT, reason, null, now)
                            : ledger.debitIfCovered(org.id, -amount, CreditLedgerEntry.Type.REMOVAL, reason, null, now)
                                    .map(left -> left.orElseThrow(() -> ApiException.invalid("amount",
                                            "removes more credits than the organization has (" + org.creditsBalance + ")")));
                    return balance.call(left -> alertIfLow(org, left))
                            .map(left -> organizationService.summary(org, left));
                });
    }

    /**
     * Holds {@code amount} credits for one charged operation under {@code chargeKey}, which the charging
     * service generates for that operation ({@link CreditReservation#KEY_SHAPE}) and never takes from the
     * client. The same key again returns the same reservation without charging twice; a balance that cannot
     * cover the amount is refused (402).
     */
    @WithTransaction
    public Uni<ReservationOutcome> reserve(OrgId orgId, String chargeKey, long amount) {
        Instant now = clock.now();
        UUID id = Ids.newUuid();
        return activeOrg(orgId).chain(org -> reservations
                .insertIfAbsent(id, org.id, chargeKey, amount, now, now.plus(config.reservationTtl()))
                .chain(inserted -> !inserted
                        ? reservations.findByKey(org.id, chargeKey).chain(this::withBalance)
                        : ledger.debitIfCovered(org.id, amount, CreditLedgerEntry.Type.RESERVATION, "Reserved",
                                        chargeKey, now)
                                .chain(left -> {
                                    if (left.isEmpty()) {
                                        return Uni.createFrom().failure(new ApiException(ErrorCode.INSUFFICIENT_CREDITS,
                                                "Not enough credits for the operation",
                                                "Needs " + amount + ", " + org.creditsBalance + " remaining"));
                                    }
                                    return alertIfLow(org, left.get())
                                            .chain(() -> reservations.findById(id))
                                            .map(r -> new ReservationOutcome(r, left.get()));
                                })));
    }

    /** Charges {@code actual} (≤ the held amount) and gives the rest back. Settling twice is harmless. */
    @WithTransaction
    public Uni<ReservationOutcome> settle(OrgId orgId, UUID reservationId, long actual) {
        return lockedReservation(orgId, reservationId).chain(r -> {
            if (SETTLED.equals(r.state)) {
                return withBalance(r);
            }
            if (RELEASED.equals(r.state)) {
                throw ApiException.invalid("reservation", "was already released");
            }
            if (actual < 0 || actual > r.amount) {
                throw ApiException.invalid("amount", "must be between 0 and the reserved " + r.amount);
            }
            Instant now = clock.now();
            r.state = SETTLED;
            r.settledAmount = actual;
            r.finishedAt = now;
            long refund = r.amount - actual;
            if (refund == 0) {
                return withBalance(r);
            }
            return ledger.adjust(r.orgId, refund, CreditLedgerEntry.Type.SETTLEMENT,
                            "Settled " + actual + " of " + r.amount + " reserved", r.idempotencyKey, now)
                    .map(balance -> new ReservationOutcome(r, balance));
        });
    }

    /** Gives the whole reservation back (the operation did not happen). Releasing twice is harmless. */
    @WithTransaction
    public Uni<ReservationOutcome> release(OrgId orgId, UUID reservationId) {
        return lockedReservation(orgId, reservationId).chain(r -> release(r, "Released"));
    }

    /** Releases reservations nobody settled in time (expired at {@code now}). Returns how many. */
    @WithTransaction
    public Uni<Integer> releaseExpired(Instant now) {
        return reservations.claimExpired(now, BATCH)
                .chain(ids -> sequentially(ids, id -> reservations.findById(id)
                        .chain(r -> release(r, "Expired unsettled reservation"))).replaceWith(ids.size()));
    }

    /**
     * Resets every organization whose billing date has come to its plan's allowance and moves its billing
     * date forward by whole months past {@code now}. Safe with several replicas: due rows are claimed with
     * {@code FOR UPDATE SKIP LOCKED}. Returns how many organizations were reset.
     */
    @WithTransaction
    public Uni<Integer> resetDue(Instant now) {
        return organizations.claimDueForReset(now, BATCH)
                .chain(ids -> sequentially(ids, id -> organizations.findById(id).chain(org -> reset(org, now)))
                        .replaceWith(ids.size()));
    }

    private Uni<Void> reset(Organization org, Instant now) {
        long allowance = organizationService.allowance(org.plan());
        Instant next = org.creditsResetAt;
        while (!next.isAfter(now)) {
            next = OrganizationService.oneMonthAfter(next);
        }
        org.creditsResetAt = next;
        org.updatedAt = now;
        return ledger.adjust(org.id, allowance - org.creditsBalance, CreditLedgerEntry.Type.MONTHLY_RESET,
                        "Monthly allowance of the " + org.plan + " plan", null, now)
                .chain(balance -> outbox.append(BillingEvents.credits(EventType.CREDITS_RESET, org.id, balance,
                        allowance)));
    }

    private Uni<ReservationOutcome> release(CreditReservation r, String reason) {
        if (!HELD.equals(r.state)) {
            return withBalance(r);
        }
        Instant now = clock.now();
        r.state = RELEASED;
        r.finishedAt = now;
        return ledger.adjust(r.orgId, r.amount, CreditLedgerEntry.Type.RELEASE, reason, r.idempotencyKey, now)
                .map(balance -> new ReservationOutcome(r, balance));
    }

    /** Emits credits.exhausted / credits.low at most once per billing period each. */
    private Uni<Void> alertIfLow(Organization org, long balance) {
        long allowance = organizationService.allowance(org.plan());
        Uni<Void> exhausted = balance > 0 ? Uni.createFrom().voidItem()
                : alertOnce(org, CreditAlert.EXHAUSTED, EventType.CREDITS_EXHAUSTED, balance, allowance);
        boolean low = allowance > 0 && balance < allowance * config.lowBalanceRatio();
        return exhausted.chain(() -> !low ? Uni.createFrom().voidItem()
                : alertOnce(org, CreditAlert.LOW, EventType.CREDITS_LOW, balance, allowance));
    }

    private Uni<Void> alertOnce(Organization org, CreditAlert alert, EventType type, long balance, long allowance) {
        return organizations.claimAlert(org.id, alert).chain(first -> first
                ? outbox.append(BillingEvents.credits(type, org.id, balance, allowance))
                : Uni.createFrom().voidItem());
    }

    private Uni<ReservationOutcome> withBalance(CreditReservation r) {
        return organizations.balance(r.orgId).map(balance -> new ReservationOutcome(r, balance));
    }

    private Uni<CreditReservation> lockedReservation(OrgId orgId, UUID id) {
        UUID org = billingId(orgId);
        return reservations.findForUpdate(id)
                .map(r -> r != null && r.orgId.equals(org) ? r : null)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Reservation"));
    }

    private Uni<Organization> activeOrg(OrgId orgId) {
        return organizations.findActive(billingId(orgId)).onItem().ifNull().failWith(CreditService::orgNotFound);
    }

    /** Every organization billing-service creates has a UUID id; an id of another shape names none. */
    private static UUID billingId(OrgId orgId) {
        return orgId.uuid().orElseThrow(CreditService::orgNotFound);
    }

    private static ApiException orgNotFound() {
        return new ApiException(ErrorCode.ORG_NOT_FOUND, "Organization deleted or invalid");
    }

    private static <T> Uni<Void> sequentially(List<T> items, Function<T, Uni<?>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item)).replaceWithVoid();
        }
        return chain;
    }
}
