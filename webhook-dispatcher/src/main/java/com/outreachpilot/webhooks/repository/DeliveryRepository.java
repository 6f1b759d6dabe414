package com.outreachpilot.webhooks.repository;

import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.webhooks.domain.Delivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Deliveries. The delivery log is read and changed through Panache; the dispatcher's hot path (store a poll's
 * deliveries, claim due ones, record an attempt) and the table's maintenance use the reactive SQL client, each
 * statement saying why Panache cannot express it.
 */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    /** A delivery to be stored: one event for one subscription. */
    public record NewDelivery(UUID id, String orgId, UUID subscriptionId, String eventId, String eventType, String body) {
    }

    /** A claimed delivery with what is needed to attempt it. */
    public record Claimed(UUID id, String orgId, UUID subscriptionId, String eventId, String body, int attempt,
                          String url, String secret, String previousSecret, Instant previousSecretExpiresAt,
                          Instant failingSince) {
    }

    /** How many of the oldest due deliveries one claim looks at. */
    static final int SCAN = 1_000;

    @Inject
    Pool pool;

    /**
     * Stores deliveries in one transaction of its own, skipping any (subscription, event) already stored, so a
     * replayed event creates nothing; returns how many were new.
     */
    public Uni<Integer> storeAll(List<NewDelivery> deliveries, java.time.Duration firstDelay) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(tx -> insert(tx, deliveries, firstDelay));
    }

    /** {@link #storeAll} inside the caller's transaction (the fan-out stores a poll's feed events beside them). */
    static Uni<Integer> insert(SqlConnection tx, List<NewDelivery> deliveries, java.time.Duration firstDelay) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        double delaySeconds = firstDelay.toMillis() / 1000.0;
        // one statement for the whole poll (arrays unnested), not one execution per delivery
        Tuple columns = Tuple.tuple(List.of(deliveries.stream().map(NewDelivery::id).toArray(UUID[]::new),
                deliveries.stream().map(NewDelivery::orgId).toArray(String[]::new),
                deliveries.stream().map(NewDelivery::subscriptionId).toArray(UUID[]::new),
                deliveries.stream().map(NewDelivery::eventId).toArray(String[]::new),
                deliveries.stream().map(NewDelivery::eventType).toArray(String[]::new),
                deliveries.stream().map(NewDelivery::body).toArray(String[]::new), delaySeconds));
        // SQL client: an insert of a whole poll's deliveries with ON CONFLICT DO NOTHING, which Panache has not
        return tx.preparedQuery("insert into delivery (id, org_id, subscription_id, event_id,"
                        + " event_type, body, status, next_attempt_at, created_at, updated_at)"
                        + " select d.id, d.org_id, d.subscription_id, d.event_id, d.event_type, d.body, 'pending',"
                        + " now() + make_interval(secs => $7), now(), now()"
                        + " from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[])"
                        + " as d(id, org_id, subscription_id, event_id, event_type, body)"
                        + " on conflict (subscription_id, event_id) where replay_id is null do nothing")
                .execute(columns)
                .map(DeliveryRepository::totalRowCount);
    }

    /**
     * Claims up to {@code limit} due deliveries of enabled subscriptions, at most {@code perSubscription} of
     * any one of them, skipping the given (busy) subscriptions and any row another dispatcher holds: each
     * claim counts an attempt and leases the delivery for {@code leaseSeconds}. The oldest due deliveries
     * are looked at first, a bounded number of them, so the claim stays cheap with a large backlog.
     */
    public Uni<List<Claimed>> claim(int limit, int perSubscription, Collection<UUID> busy, long leaseSeconds) {
        // SQL client: FOR UPDATE SKIP LOCKED inside an UPDATE … RETURNING, which Panache cannot express.
        // The oldest due rows come straight off the partial index in order; subscriptions are joined after
        return pool.preparedQuery("with oldest as materialized (select id, subscription_id, next_attempt_at from delivery"
                        + " where status = 'pending' and next_attempt_at <= now() and subscription_id <> all($2)"
                        + " order by next_attempt_at limit $4),"
                        + " ranked as (select o.id, row_number() over (partition by o.subscription_id"
                        + " order by o.next_attempt_at) as rank from oldest o join subscription s on s.id = o.subscription_id"
                        + " where s.enabled and s.deleted_at is null),"
                        // the chosen ids as an array: the rows are then fetched by primary key whatever the
                        // table's statistics say (a semi join planned from stale ones rescanned the ranking per row)
                        + " due as (select d.id from delivery d where d.id = any (array(select id from ranked"
                        + " where rank <= $5)) and d.status = 'pending' and d.next_attempt_at <= now()"
                        + " order by d.next_attempt_at limit $1 for update skip locked)"
                        + " update delivery d set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $3),"
                        + " last_attempt_at = now(), updated_at = now() from due, subscription s"
                        + " where d.id = due.id and s.id = d.subscription_id"
                        + " returning d.id, d.org_id, d.subscription_id, d.event_id, d.body, d.attempts, s.url, s.secret,"
                        + " s.previous_secret, s.previous_secret_expires_at, s.failing_since")
                .execute(Tuple.tuple(Arrays.asList(limit, busy.toArray(UUID[]::new), (double) leaseSeconds,
                        SCAN, perSubscription)))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row r : rows) {
                        claimed.add(new Claimed(r.getUUID("id"), r.getString("org_id"), r.getUUID("subscription_id"),
                                r.getString("event_id"), r.getString("body"), r.getInteger("attempts"), r.getString("url"),
                                r.getString("secret"), r.getString("previous_secret"),
                                instant(r.getOffsetDateTime("previous_secret_expires_at")),
                                instant(r.getOffsetDateTime("failing_since"))));
                    }
                    return claimed;
                });
    }

    /**
     * Records an attempt's outcome: {@code status} succeeded, failed, or pending with {@code nextAttemptAt};
     * a success also ends the subscription's failing streak, a failure starts one if none is running.
     */
    public Uni<Void> record(UUID id, String status, Instant nextAttemptAt, Integer statusCode,
            long latencyMs, String response, String error) {
        boolean success = Delivery.SUCCEEDED.equals(status);
        // SQL client: one statement updating two tables (one round trip per attempt, atomic), which HQL cannot express
        return pool.preparedQuery("with d as (update delivery set status = $2, next_attempt_at = $3,"
                        + " last_status_code = $4, last_latency_ms = $5, last_response = $6, last_error = $7,"
                        + " updated_at = now() where id = $1 returning subscription_id)"
                        + " update subscription s set failing_since = case when $8 then null else now() end from d"
                        + " where s.id = d.subscription_id and (s.failing_since is null) <> $8")
                .execute(Tuple.tuple(Arrays.asList(id, status, offset(nextAttemptAt), statusCode,
                        (int) Math.min(latencyMs, Integer.MAX_VALUE), response, error, success)))
                .replaceWithVoid();
    }

    /** In the caller's transaction: makes a finished or pending delivery due at {@code now}, for one more attempt. */
    public Uni<Boolean> retryNow(String orgId, UUID id, Instant now) {
        return update("status = ?3, nextAttemptAt = ?4, updatedAt = ?4 where id = ?1 and orgId = ?2"
                        + " and (status <> ?3 or nextAttemptAt > ?4)", id, orgId, Delivery.PENDING, now)
                .map(changed -> changed > 0);
    }

    /** In the caller's transaction: the subscription's pending deliveries fail (it was disabled or deleted). */
    public Uni<Void> failPending(UUID subscriptionId, String reason, Instant now) {
        return update("status = ?2, nextAttemptAt = null, lastError = ?3, updatedAt = ?4 where subscriptionId = ?1"
                        + " and status = ?5", subscriptionId, Delivery.FAILED, reason, now, Delivery.PENDING)
                .replaceWithVoid();
    }

    public Uni<Delivery> findOf(String orgId, UUID id) {
        return find("id = ?1 and orgId = ?2", id, orgId).firstResult();
    }

    /** A subscription's deliveries, newest first, of one status or all. */
    public Uni<List<Delivery>> pageLog(String orgId, UUID subscriptionId, String status, PageRequest page) {
        return find(logQuery(status), Sort.descending("createdAt").and("id"), logParameters(orgId, subscriptionId, status))
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<Long> countLog(String orgId, UUID subscriptionId, String status) {
        return count(logQuery(status), logParameters(orgId, subscriptionId, status));
    }

    /**
     * Besides a stored status: {@code retrying} is a pending delivery whose last attempt failed (it waits for its
     * next retry), {@code failing} is that or {@code failed}: every delivery whose last attempt failed.
     */
    private static String logQuery(String status) {
        String base = "subscriptionId = ?1 and orgId = ?2";
        if (status == null) {
            return base;
        }
        return switch (status) {
            case "retrying" -> base + " and status = 'pending' and attempts > 0";
            case "failing" -> base + " and (status = 'failed' or status = 'pending' and attempts > 0)";
            default -> base + " and status = ?3";
        };
    }

    private static Object[] logParameters(String orgId, UUID subscriptionId, String status) {
        return status == null || status.equals("retrying") || status.equals("failing")
                ? new Object[]{subscriptionId, orgId} : new Object[]{subscriptionId, orgId, status};
    }

    /**
     * Pending deliveries of subscriptions that were disabled or deleted meanwhile (an event stored while the
     * subscription was being disabled) fail, so they do not sit at the head of the due queue.
     */
    public Uni<Integer> failOrphans() {
        // SQL client: PostgreSQL's UPDATE … FROM join over the whole table, run by a background loop without a session
        return pool.preparedQuery("update delivery d set status = 'failed', next_attempt_at = null,"
                        + " last_error = 'Subscription disabled', updated_at = now() from subscription s"
                        + " where s.id = d.subscription_id and d.status = 'pending' and (not s.enabled or s.deleted_at is not null)")
                .execute().map(RowSet::rowCount);
    }

    /** Deliveries that finished before {@code before} are deleted, a bounded batch at a time. */
    public Uni<Integer> purgeFinished(Instant before, int limit) {
        // SQL client: a DELETE bounded by LIMIT, which HQL has not
        return pool.preparedQuery("delete from delivery where id in (select id from delivery where status <> 'pending'"
                        + " and updated_at < $1 limit $2)")
                .execute(Tuple.of(offset(before), limit)).map(RowSet::rowCount);
    }

    private static int totalRowCount(RowSet<Row> rows) {
        int total = 0;
        for (RowSet<Row> set = rows; set != null; set = set.next()) {
            total += set.rowCount();
        }
        return total;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime offset(Instant time) {
        return time == null ? null : time.atOffset(ZoneOffset.UTC);
    }
}
