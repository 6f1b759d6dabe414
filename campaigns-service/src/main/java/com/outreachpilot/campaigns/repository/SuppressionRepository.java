package com.outreachpilot.campaigns.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Contacts an organization may not mail any more (unsubscribed or bounced), in the caller's transaction. */
@ApplicationScoped
public class SuppressionRepository {

    /**
     * Records the contact as not to be mailed; true if it was not yet. Native SQL: INSERT … ON CONFLICT DO
     * NOTHING, which Panache cannot express, makes a repeated unsubscribe (or one racing a bounce) a no-op.
     */
    public Uni<Boolean> add(String orgId, UUID contactId, String email, String reason, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into suppression (org_id,"
                        + " contact_id, email, reason, created_at) values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                .setParameter(1, orgId)
                .setParameter(2, contactId)
                .setParameter(3, email.toLowerCase(java.util.Locale.ROOT))
                .setParameter(4, reason)
                .setParameter(5, at)
                .executeUpdate()
                .map(rows -> rows == 1));
    }

    /** Why the contact (by id or address) may not be mailed, or null. */
    public Uni<String> reason(String orgId, UUID contactId, String email) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select reason from suppression"
                        + " where org_id = ?1 and (contact_id = ?2 or email = ?3) limit 1", String.class)
                .setParameter(1, orgId)
                .setParameter(2, contactId)
                .setParameter(3, email == null ? "" : email.toLowerCase(java.util.Locale.ROOT))
                .getResultList()
                .map(found -> found.isEmpty() ? null : found.get(0)));
    }
}
