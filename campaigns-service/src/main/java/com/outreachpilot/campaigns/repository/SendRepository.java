package com.outreachpilot.campaigns.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The sequencer's hot path on the reactive SQL client: claiming due steps, reserving the daily quota and
 * recording an attempt before it is handed to SMTP. Each statement says why Panache cannot express it.
 */
@ApplicationScoped
public class SendRepository {

    /** An attempt recorded for (enrollment, step): its number and the Message-ID it is sent with. */
    public record Attempt(int number, String messageId) {
    }

    @Inject
    Pool pool;

    /**
     * Claims up to {@code limit} enrollments of active campaigns whose step is due at {@code now}, skipping rows
     * another replica holds, and leases them until {@code leaseUntil}: no other replica claims them meanwhile.
     */
    public Uni<List<UUID>> claimDue(Instant now, int limit, Instant leaseUntil) {
        // SQL client: FOR UPDATE SKIP LOCKED inside an UPDATE … RETURNING, which Panache cannot express
        return pool.preparedQuery("with due as (select e.id from enrollment e where e.status = 'active'"
                        + " and e.next_send_at <= $1 and exists (select 1 from campaign c where c.id = e.campaign_id"
                        + " and c.status = 'active' and c.deleted_at is null)"
                        + " order by e.next_send_at limit $2 for update of e skip locked)"
                        + " update enrollment e set next_send_at = $3 from due where e.id = due.id returning e.id")
                .execute(Tuple.of(offset(now), limit, offset(leaseUntil)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                    }
                    return ids;
                });
    }

    /**
     * Reserves up to {@code wanted} sends of the campaign's {@code day}, never beyond {@code limit} in total,
     * whatever other replicas reserve at the same time; returns how many were granted.
     */
    public Uni<Integer> reserve(UUID campaignId, LocalDate day, int wanted, int limit) {
        // SQL client: an upsert then a row-locked read-modify-write in one transaction of its own
        return pool.withTransaction(tx -> tx.preparedQuery("insert into send_quota (campaign_id, day, used)"
                                + " values ($1, $2, 0) on conflict do nothing")
                        .execute(Tuple.of(campaignId, day))
                        .chain(() -> tx.preparedQuery("select used from send_quota where campaign_id = $1 and day = $2"
                                + " for update").execute(Tuple.of(campaignId, day)))
                        .chain(rows -> {
                            int used = rows.iterator().next().getInteger("used");
                            int granted = Math.max(0, Math.min(wanted, limit - used));
                            return tx.preparedQuery("update send_quota set used = used + $3 where campaign_id = $1"
                                            + " and day = $2")
                                    .execute(Tuple.of(campaignId, day, granted)).replaceWith(granted);
                        }));
    }

    /**
     * Records an attempt of (enrollment, step) before it is handed to SMTP; null when the step must not be sent:
     * it was sent, or an earlier attempt was interrupted after being recorded (it may have reached the server).
     * Only a step whose earlier attempt failed transiently (deferred) is attempted again.
     */
    public Uni<Attempt> recordAttempt(UUID id, String orgId, UUID campaignId, UUID enrollmentId, UUID contactId,
            int step, String messageId, String token, String linksJson, Instant now) {
        // SQL client: INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING, which Panache cannot express
        // (a deferred attempt never reached the recipient: it takes this attempt's message id, token and links)
        return pool.preparedQuery("insert into email (id, org_id, campaign_id, enrollment_id, contact_id, step,"
                        + " message_id, token, links, status, attempts, created_at, updated_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $9, $10, 'sending', 1, $8, $8)"
                        + " on conflict (enrollment_id, step) do update set status = 'sending',"
                        + " attempts = email.attempts + 1, message_id = excluded.message_id, token = excluded.token,"
                        + " links = excluded.links, updated_at = $8 where email.status = 'deferred'"
                        + " returning attempts, message_id")
                .execute(Tuple.tuple(Arrays.asList(id, orgId, campaignId, enrollmentId, contactId, step, messageId,
                        offset(now), token, linksJson)))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Attempt(row.getInteger("attempts"), row.getString("message_id"));
                });
    }

    private static OffsetDateTime offset(Instant time) {
        return time == null ? null : time.atOffset(ZoneOffset.UTC);
    }
}
