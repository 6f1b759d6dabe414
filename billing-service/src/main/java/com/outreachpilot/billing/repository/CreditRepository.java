package com.outreachpilot.billing.repository;

import com.outreachpilot.billing.domain.CreditLedgerEntry;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every change of a balance, as single SQL statements so concurrent charges are decided by PostgreSQL's row
 * lock, never by a read-then-write in Java. Each call appends the matching ledger row in the same transaction.
 */
@ApplicationScoped
public class CreditRepository {

    /** Takes {@code amount} if the balance covers it; empty if it does not (nothing changes). */
    public Uni<Optional<Long>> debitIfCovered(UUID orgId, long amount, CreditLedgerEntry.Type type, String reason,
            String reference, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update organization set credits_balance = credits_balance - ?1"
                                + " where id = ?2 and deleted_at is null and credits_balance >= ?1"
                                + " returning credits_balance", Long.class)
                .setParameter(1, amount)
                .setParameter(2, orgId)
                .getResultList())
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(Optional.<Long>empty())
                        : append(orgId, type, -amount, rows.get(0), reason, reference, at)
                                .replaceWith(Optional.of(rows.get(0))));
    }

    /** Adds {@code delta} (may be negative, for removals and resets) and returns the new balance. */
    public Uni<Long> adjust(UUID orgId, long delta, CreditLedgerEntry.Type type, String reason, String reference,
            Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update organization set credits_balance = credits_balance + ?1 where id = ?2"
                                + " returning credits_balance", Long.class)
                .setParameter(1, delta)
                .setParameter(2, orgId)
                .getSingleResult())
                .chain(balance -> append(orgId, type, delta, balance, reason, reference, at).replaceWith(balance));
    }

    /** Marks the current period as alerted for low balance; true only the first time in that period. */
    public Uni<Boolean> claimAlert(UUID orgId, String column) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update organization set " + column + " = credits_reset_at where id = ?1"
                                + " and " + column + " is distinct from credits_reset_at")
                .setParameter(1, orgId)
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    public Uni<List<CreditLedgerEntry>> ledger(UUID orgId, PageRequest page) {
        return CreditLedgerEntry.<CreditLedgerEntry>find("orgId = ?1 order by id desc", orgId)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<Long> ledgerCount(UUID orgId) {
        return CreditLedgerEntry.count("orgId", orgId);
    }

    public Uni<Long> ledgerSum(UUID orgId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select coalesce(sum(amount), 0) from credit_ledger where org_id = ?1", Long.class)
                .setParameter(1, orgId)
                .getSingleResult());
    }

    private static Uni<Void> append(UUID orgId, CreditLedgerEntry.Type type, long amount, long balanceAfter,
            String reason, String reference, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into credit_ledger (org_id, entry_type, amount, balance_after, reason, reference, created_at)"
                                + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, orgId)
                .setParameter(2, type.wire())
                .setParameter(3, amount)
                .setParameter(4, balanceAfter)
                .setParameter(5, reason)
                .setParameter(6, reference)
                .setParameter(7, at.atOffset(java.time.ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }
}
