package com.outreachpilot.webhooks.repository;

import com.outreachpilot.webhooks.api.DeliveryView;
import com.outreachpilot.webhooks.domain.EventList;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Deliveries, on the reactive SQL client: the hot path (store, claim, record) is a few statements each and
 * must not wait on an ORM session.
 */
@ApplicationScoped
public class DeliveryRepository {

    /** A delivery to be stored: one event for one subscription. */
    public record NewDelivery(UUID id, String orgId, UUID subscriptionId, String eventId, String eventType, String body) {
    }

    /** A claimed delivery with what is needed to attempt it. */
    public record Claimed(UUID id, String orgId, UUID subscriptionId, String eventId, String body, int attempt,
                          String url, String secret, String previousSecret, Instant previousSecretExpiresAt,
                          Instant failingSince) {
    }

    /** An enabled subscription as event fan-out needs it. */
    public record Target(UUID id, String orgId, List<String> events, Instant createdAt) {
    }

    @Inject
    Pool pool;

    public Pool pool() {
        return pool;
    }

    /** Enabled subscriptions of these organizations. */
    public Uni<List<Target>> targets(Collection<String> orgIds) {
        return pool.preparedQuery("select id, org_id, events, created_at from subscription"
                        + " where org_id = any($1) and enabled and deleted_at is null")
                .execute(Tuple.of(orgIds.toArray(String[]::new)))
                .map(rows -> {
                    List<Target> targets = new ArrayList<>();
                    for (Row row : rows) {
                        List<String> events = new EventList().convertToEntityAttribute(row.getString("events"));
                        targets.add(new Target(row.getUUID("id"), row.getString("org_id"), events,
                                instant(row.getOffsetDateTime("created_at"))));
                    }
                    return targets;
                });
    }

    /** Stores deliveries; one that exists already (a replayed event) is left as it is. Returns how many were new. */
    public Uni<Integer> insert(SqlClient client, List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> batch = deliveries.stream().map(d -> Tuple.tuple(List.of(d.id(), d.orgId(), d.subscriptionId(),
                d.eventId(), d.eventType(), d.body()))).toList();
        return client.preparedQuery("insert into delivery (id, org_id, subscription_id, event_id, event_type, body, status,"
                        + " next_attempt_at, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, 'pending', now(), now(), now())"
                        + " on conflict (subscription_id, event_id) do nothing")
                .executeBatch(batch)
                .map(DeliveryRepository::totalRowCount);
    }

    /**
     * Claims up to {@code limit} due deliveries of enabled subscriptions, at most {@code perSubscription} of
     * any one of them, skipping the given (busy) subscriptions and any row another dispatcher holds: each
     * claim counts an attempt and leases the delivery for {@code leaseSeconds}. The oldest due deliveries
     * are looked at first, a bounded number of them, so the claim stays cheap with a large backlog.
     */
    public Uni<List<Claimed>> claim(int limit, int perSubscription, Collection<UUID> busy, long leaseSeconds) {
        // the oldest due rows come straight off the partial index in order; subscriptions are joined after
        return pool.preparedQuery("with oldest as materialized (select id, subscription_id, next_attempt_at from delivery"
                        + " where status = 'pending' and next_attempt_at <= now() and subscription_id <> all($2)"
                        + " order by next_attempt_at limit $4),"
                        + " ranked as (select o.id, row_number() over (partition by o.subscription_id"
                        + " order by o.next_attempt_at) as rank from oldest o join subscription s on s.id = o.subscription_id"
                        + " where s.enabled and s.deleted_at is null),"
                        + " due as (select d.id from delivery d where d.id in (select id from ranked where rank <= $5)"
                        + " and d.status = 'pending' and d.next_attempt_at <= now()"
                        + " order by d.next_attempt_at limit $1 for update skip locked)"
                        + " update delivery d set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $3),"
                        + " last_attempt_at = now(), updated_at = now() from due, subscription s"
                        + " where d.id = due.id and s.id = d.subscription_id"
                        + " returning d.id, d.org_id, d.subscription_id, d.event_id, d.body, d.attempts, s.url, s.secret,"
                        + " s.previous_secret, s.previous_secret_expires_at, s.failing_since")
                .execute(Tuple.tuple(java.util.Arrays.asList(limit, busy.toArray(UUID[]::new), (double) leaseSeconds,
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

    /** How many of the oldest due deliveries one claim looks at. */
    static final int SCAN = 1_000;

    /**
     * Records an attempt's outcome: {@code status} succeeded, failed, or pending with {@code nextAttemptAt};
     * a success also ends the subscription's failing streak, a failure starts one if none is running.
     */
    public Uni<Void> record(UUID id, String status, Instant nextAttemptAt, Integer statusCode,
            long latencyMs, String response, String error) {
        boolean success = "succeeded".equals(status);
        // one statement (one round trip, atomic): the delivery, then its subscription's failing streak
        return pool.preparedQuery("with d as (update delivery set status = $2, next_attempt_at = $3,"
                        + " last_status_code = $4, last_latency_ms = $5, last_response = $6, last_error = $7,"
                        + " updated_at = now() where id = $1 returning subscription_id)"
                        + " update subscription s set failing_since = case when $8 then null else now() end from d"
                        + " where s.id = d.subscription_id and (s.failing_since is null) <> $8")
                .execute(Tuple.tuple(java.util.Arrays.asList(id, status, offset(nextAttemptAt), statusCode,
                        (int) Math.min(latencyMs, Integer.MAX_VALUE), response, error, success)))
                .replaceWithVoid();
    }

    /** Makes a finished or pending delivery due now, for one more attempt. */
    public Uni<Boolean> retryNow(String orgId, UUID id) {
        return pool.preparedQuery("update delivery set status = 'pending', next_attempt_at = now(), updated_at = now()"
                        + " where id = $1 and org_id = $2 and (status <> 'pending' or next_attempt_at > now())")
                .execute(Tuple.of(id, orgId)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<DeliveryView> find(String orgId, UUID id) {
        return pool.preparedQuery("select * from delivery where id = $1 and org_id = $2").execute(Tuple.of(id, orgId))
                .map(rows -> rows.iterator().hasNext() ? view(rows.iterator().next()) : null);
    }

    /** A subscription's deliveries, newest first. */
    public Uni<List<DeliveryView>> page(String orgId, UUID subscriptionId, String status, int limit, int offset) {
        return pool.preparedQuery("select * from delivery where subscription_id = $1 and org_id = $2"
                        + " and ($3::text is null or status = $3) order by created_at desc, id limit $4 offset $5")
                .execute(Tuple.tuple(java.util.Arrays.asList(subscriptionId, orgId, status, limit, offset)))
                .map(rows -> {
                    List<DeliveryView> views = new ArrayList<>();
                    rows.forEach(r -> views.add(view(r)));
                    return views;
                });
    }

    public Uni<Long> count(String orgId, UUID subscriptionId, String status) {
        return pool.preparedQuery("select count(*) from delivery where subscription_id = $1 and org_id = $2"
                        + " and ($3::text is null or status = $3)")
                .execute(Tuple.tuple(java.util.Arrays.asList(subscriptionId, orgId, status)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Pending deliveries of subscriptions that were disabled or deleted meanwhile (an event stored while the
     * subscription was being disabled) fail, so they do not sit at the head of the due queue.
     */
    public Uni<Integer> failOrphans() {
        return pool.preparedQuery("update delivery d set status = 'failed', next_attempt_at = null,"
                        + " last_error = 'Subscription disabled', updated_at = now() from subscription s"
                        + " where s.id = d.subscription_id and d.status = 'pending' and (not s.enabled or s.deleted_at is not null)")
                .execute().map(RowSet::rowCount);
    }

    /** Deliveries that finished before {@code before} are deleted, a bounded batch at a time. */
    public Uni<Integer> purgeFinished(Instant before, int limit) {
        return pool.preparedQuery("delete from delivery where id in (select id from delivery where status <> 'pending'"
                        + " and updated_at < $1 limit $2)")
                .execute(Tuple.of(offset(before), limit)).map(RowSet::rowCount);
    }

    private static DeliveryView view(Row r) {
        String status = r.getString("status");
        return new DeliveryView(r.getUUID("id").toString(), r.getUUID("subscription_id").toString(), r.getString("event_id"),
                r.getString("event_type"), status, r.getInteger("attempts"),
                instant(r.getOffsetDateTime("last_attempt_at")), r.getInteger("last_status_code"),
                r.getInteger("last_latency_ms"), r.getString("last_response"), r.getString("last_error"),
                "pending".equals(status) ? instant(r.getOffsetDateTime("next_attempt_at")) : null,
                instant(r.getOffsetDateTime("created_at")));
    }

    private static int totalRowCount(RowSet<Row> rows) {
        int total = 0;
        for (RowSet<Row> set = rows; set != null; set = set.next()) {
            total += set.rowCount();
        }
        return total;
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static OffsetDateTime offset(Instant time) {
        return time == null ? null : time.atOffset(ZoneOffset.UTC);
    }
}
