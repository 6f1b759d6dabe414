package com.outreachpilot.billing.repository;

import com.outreachpilot.billing.domain.CreditLedgerEntry;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The ledger, and every change of a balance: each change is one SQL statement that updates the balance and
 * appends its ledger row, so concurrent charges are decided by PostgreSQL's row lock, never by a
 * read-then-write in Java, and the balance always equals the sum of the ledger.
 */
@ApplicationScoped
public class CreditLedgerRepository implements PanacheRepository<CreditLedgerEntry> {

    // Native SQL in the two methods below: an atomic conditional update feeding an insert (a data-modifying
    // CTE) is not expressible in Panache/HQL.
    private static final String LEDGER_INSERT = " insert into credit_ledger"
            + " (org_id, entry_type, amount, balance_after, reason, reference, created_at)"
            + " select id, cast(?3 as text), cast(?4 as bigint), credits_balance, cast(?5 as text), cast(?6 as text),"
            + " cast(?7 as timestamptz) from changed returning balance_after";

    /** Takes {@code amount} if the balance covers it; empty if it does not (nothing changes). */
    public Uni<Optional<Long>> debitIfCovered(UUID orgId, long amount, CreditLedgerEntry.Type type, String reason,
            String reference, Instant at) {
        return getSession().chain(session -> session.createNativeQuery(
                        "with changed as (update organization set credits_balance = credits_balance - ?1"
                                + " where id = ?2 and deleted_at is null and credits_balance >= ?1"
                                + " returning id, credits_balance)" + LEDGER_INSERT, Long.class)
                .setParameter(1, amount)
                .setParameter(2, orgId)
                .setParameter(3, type.wire())
                .setParameter(4, -amount)
                .setParameter(5, reason)
                .setParameter(6, reference)
                .setParameter(7, at.atOffset(ZoneOffset.UTC))
                .getResultList())
                .map(rows -> rows.isEmpty() ? Optional.<Long>empty() : Optional.of(rows.get(0)));
    }

    /** Adds {@code delta} (may be negative, for removals and resets) and returns the new balance. */
    public Uni<Long> adjust(UUID orgId, long delta, CreditLedgerEntry.Type type, String reason, String reference,
            Instant at) {
        return getSession().chain(session -> session.createNativeQuery(
                        "with changed as (update organization set credits_balance = credits_balance + ?1"
                                + " where id = ?2 returning id, credits_balance)" + LEDGER_INSERT, Long.class)
                .setParameter(1, delta)
                .setParameter(2, orgId)
                .setParameter(3, type.wire())
                .setParameter(4, delta)
                .setParameter(5, reason)
                .setParameter(6, reference)
                .setParameter(7, at.atOffset(ZoneOffset.UTC))
                .getSingleResult());
    }

    /** One page of an organization's movements, newest first. */
    public Uni<List<CreditLedgerEntry>> page(UUID orgId, PageRequest page) {
        return find("orgId = ?1 order by id desc", orgId)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<Long> countFor(UUID orgId) {
        return count("orgId", orgId);
    }
}
