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

    /** Per step of the campaign (0-based): emails sent, opened, clicked and bounced. */
    public Uni<List<long[]>> countsByStep(UUID campaignId) {
        return getSession().chain(session -> session.createSelectionQuery("select e.step,"
                        + " sum(case when e.status = 'sent' then 1 else 0 end), count(e.openedAt), count(e.clickedAt),"
                        + " sum(case when e.status = 'bounced' then 1 else 0 end) from Email e where e.campaignId = ?1"
                        + " group by e.step order by e.step", Object[].class)
                .setParameter(1, campaignId)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new long[]{((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                        ((Number) r[2]).longValue(), ((Number) r[3]).longValue(), ((Number) r[4]).longValue()}).toList());
    }

    public Uni<Email> findByToken(String token) {
        return find("token", token).firstResult();
    }

    public Uni<Email> findStep(UUID enrollmentId, int step) {
        return find("enrollmentId = ?1 and step = ?2", enrollmentId, step).firstResult();
    }
}
