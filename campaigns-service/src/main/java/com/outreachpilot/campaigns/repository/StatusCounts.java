package com.outreachpilot.campaigns.repository;

import com.outreachpilot.platform.data.jobs.BackgroundLoop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A campaign's counts, kept by the database as each write happens (V4: every statement on enrollment and email
 * adds its net change to {@code campaign_count_delta}): members by state and per step the emails sent, opened,
 * clicked and bounced, read as a sum over a few rows whatever the audience's size. Folds each campaign's rows
 * into one per key every few seconds.
 */
@ApplicationScoped
public class StatusCounts {

    private static final Logger LOG = Logger.getLogger(StatusCounts.class);

    /**
     * One statement: readers see the rows before or after it with the same sums; rows committed while it runs
     * are not in its snapshot and stay for the next fold; two replicas folding at once skip each other's rows.
     */
    private static final String FOLD = "with folded as (delete from campaign_count_delta where campaign_id in"
            + " (select campaign_id from campaign_count_delta group by campaign_id having count(*) > 16 limit 1000)"
            + " returning campaign_id, key, n)"
            + " insert into campaign_count_delta (campaign_id, key, n)"
            + " select campaign_id, key, sum(n) from folded group by campaign_id, key having sum(n) <> 0";

    /** A campaign's counts by key ({@code audience:<status>}, {@code sent:<step>}, …; 0-based steps). */
    public record Counts(Map<String, Long> byKey) {

        public long get(String key) {
            return byKey.getOrDefault(key, 0L);
        }

        /** Members by state (only states with members). */
        public Map<String, Long> audience() {
            Map<String, Long> audience = new HashMap<>();
            byKey.forEach((key, n) -> {
                if (key.startsWith("audience:") && n != 0) {
                    audience.put(key.substring("audience:".length()), n);
                }
            });
            return audience;
        }

        /** Members in this state, or in any when {@code status} is null. */
        public long members(String status) {
            return status == null ? audience().values().stream().mapToLong(Long::longValue).sum()
                    : get("audience:" + status);
        }

        /** Emails of the 0-based step: sent, opened, clicked, bounced. */
        public long[] step(int index) {
            return new long[]{get("sent:" + index), get("opened:" + index), get("clicked:" + index),
                    get("bounced:" + index)};
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        loop = new BackgroundLoop("campaign count folding", vertx, Duration.ofSeconds(5), this::fold);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }

    /** In the caller's session (and transaction, if any): the campaign's counts as of its snapshot. */
    public Uni<Counts> of(UUID campaignId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select key, cast(sum(n) as bigint) from campaign_count_delta where campaign_id = ?1 group by key",
                        Object[].class)
                .setParameter(1, campaignId)
                .getResultList())
                .map(StatusCounts::counts);
    }

    private static Counts counts(List<Object[]> rows) {
        Map<String, Long> byKey = new HashMap<>();
        for (Object[] row : rows) {
            byKey.put((String) row[0], ((Number) row[1]).longValue());
        }
        return new Counts(byKey);
    }

    /** Folds the campaigns with many delta rows; false: the loop waits its interval. */
    Uni<Boolean> fold() {
        // the SQL client, not a session: a background statement outside any request
        return pool.query(FOLD).execute()
                .onFailure().invoke(e -> LOG.warnf("Could not fold campaign count deltas: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWith(false);
    }
}
