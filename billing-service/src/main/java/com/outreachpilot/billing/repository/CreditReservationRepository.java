package com.outreachpilot.billing.repository;

import com.outreachpilot.billing.domain.CreditReservation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CreditReservationRepository implements PanacheRepositoryBase<CreditReservation, UUID> {

    /**
     * Inserts a held reservation unless the organization already has one under this charge key; true if it
     * was inserted. Native SQL: {@code ON CONFLICT DO NOTHING} lets the unique key decide between concurrent
     * reservations with one key, which Panache cannot express.
     */
    public Uni<Boolean> insertIfAbsent(UUID id, UUID orgId, String key, long amount, Instant now, Instant expiresAt) {
        return getSession().chain(session -> session.createNativeQuery(
                        "insert into credit_reservation (id, org_id, idempotency_key, amount, state, created_at, expires_at)"
                                + " values (?1, ?2, ?3, ?4, 'held', ?5, ?6) on conflict (org_id, idempotency_key) do nothing")
                .setParameter(1, id)
                .setParameter(2, orgId)
                .setParameter(3, key)
                .setParameter(4, amount)
                .setParameter(5, now.atOffset(ZoneOffset.UTC))
                .setParameter(6, expiresAt.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    public Uni<CreditReservation> findByKey(UUID orgId, String key) {
        return find("orgId = ?1 and idempotencyKey = ?2", orgId, key).firstResult();
    }

    /** The reservation, row-locked until this transaction ends, so a settle and a release never interleave. */
    public Uni<CreditReservation> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Ids of up to {@code limit} held reservations past their expiry, locked for this transaction. Native SQL:
     * {@code FOR UPDATE SKIP LOCKED} lets replicas share the work without waiting on each other.
     */
    public Uni<List<UUID>> claimExpired(Instant now, int limit) {
        return getSession().chain(session -> session.createNativeQuery(
                        "select id from credit_reservation where state = 'held' and expires_at < ?1"
                                + " order by expires_at limit " + limit + " for update skip locked", UUID.class)
                .setParameter(1, now.atOffset(ZoneOffset.UTC))
                .getResultList());
    }
}
