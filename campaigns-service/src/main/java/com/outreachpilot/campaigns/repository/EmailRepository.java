package com.outreachpilot.campaigns.repository;

import com.outreachpilot.campaigns.domain.Email;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Emails sent (or attempted) per step, in the caller's transaction. */
@ApplicationScoped
public class EmailRepository implements PanacheRepositoryBase<Email, UUID> {

    /** Sets the outcome of the step's email. */
    public Uni<Integer> settle(UUID enrollmentId, int step, String status, String error, Instant sentAt, Instant now) {
        return update("status = ?3, lastError = ?4, sentAt = ?5, updatedAt = ?6 where enrollmentId = ?1 and step = ?2",
                enrollmentId, step, status, error, sentAt, now);
    }

    /** The step's emails to these members were accepted by the server at {@code now}. */
    public Uni<Integer> settleSent(List<UUID> enrollmentIds, int step, Instant now) {
        return update("status = 'sent', lastError = null, sentAt = ?3, updatedAt = ?3 where enrollmentId in ?1"
                + " and step = ?2", enrollmentIds, step, now);
    }

    public Uni<Email> findByToken(String token) {
        return find("token", token).firstResult();
    }

    public Uni<Email> findStep(UUID enrollmentId, int step) {
        return find("enrollmentId = ?1 and step = ?2", enrollmentId, step).firstResult();
    }
}
