package com.outreachpilot.contacts.repository;

import com.outreachpilot.contacts.config.ContactsConfig;
import com.outreachpilot.platform.data.jobs.BackgroundLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Folds the per-statement count deltas (V8) of each organization into one row every second while writes
 * happen (every {@value #IDLE_FOLD_SECONDS} s otherwise), so a total stays a sum over a few rows.
 * <p>
 * Once a burst of bulk writes has settled, runs {@code ANALYZE}, then {@code VACUUM}, on the contact table, which
 * autovacuum does only after a fraction of the whole (multi-tenant) table changed: until then the planner
 * does not know a freshly imported organization is large (it takes it for a few rows and scans all of it to
 * search), index-only counts and deep offsets read every new heap page, and searches scan the trigram
 * index's pending list. Skips the vacuum for small writes; never runs two at once. After each such run, and every
 * {@value #TRIGRAMS_EVERY_MINUTES} minutes, the search's common trigrams are sampled again ({@link SearchTrigrams}).
 */
@ApplicationScoped
public class ContactTableMaintenance {

    private static final Logger LOG = Logger.getLogger(ContactTableMaintenance.class);

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    /** The platform's setting (the schema Flyway migrates), not this service's own. */
    @ConfigProperty(name = "platform.db.schema")
    String schema;

    @Inject
    ContactsConfig config;

    @Inject
    SearchTrigrams trigrams;

    static final int TRIGRAMS_EVERY_MINUTES = 10;
    /** When the search trigrams were last sampled, and whether they have been at all (the first run does it). */
    private volatile long trigramsSampledNanos;
    private volatile boolean trigramsSampled;

    static final int IDLE_FOLD_SECONDS = 10;

    /**
     * One statement, so readers see the rows before or after it with the same sums; rows committed while it
     * runs are not in its snapshot and stay for the next fold; two replicas folding at once skip each other's
     * deleted rows.
     */
    private static final String FOLD = "with folded as (delete from contact_org_delta where org_id in"
            + " (select org_id from contact_org_delta group by org_id having count(*) > 1)"
            + " returning org_id, contacts, changes)"
            + " insert into contact_org_delta (org_id, contacts, changes)"
            + " select org_id, sum(contacts), sum(changes) from folded group by org_id";

    private final AtomicLong written = new AtomicLong();
    private volatile boolean foldDue = true;
    private volatile long lastFoldNanos = System.nanoTime();
    private volatile long lastWriteNanos = System.nanoTime();
    /** When the first write not yet covered by a run happened (a stream of writes is "steady" from there). */
    private volatile long pendingSinceNanos = System.nanoTime();
    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        loop = new BackgroundLoop("contact table maintenance", vertx, Duration.ofSeconds(1), this::runIfDue);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }

    /** Called for every bulk write (inserted or updated rows). */
    public void written(int rows) {
        long now = System.nanoTime();
        if (written.getAndAdd(rows) == 0) {
            pendingSinceNanos = now;
        }
        lastWriteNanos = now;
        foldDue = true;
    }

    Uni<Boolean> runIfDue() {
        return foldIfDue().chain(this::vacuumIfDue).chain(this::sampleTrigramsIfDue);
    }

    private Uni<Boolean> sampleTrigramsIfDue(boolean vacuumed) {
        long now = System.nanoTime();
        if (trigramsSampled && !vacuumed
                && now - trigramsSampledNanos < Duration.ofMinutes(TRIGRAMS_EVERY_MINUTES).toNanos()) {
            return Uni.createFrom().item(false);
        }
        trigramsSampled = true;
        trigramsSampledNanos = now;
        return trigrams.refresh().replaceWith(false);
    }

    Uni<Void> foldIfDue() {
        long now = System.nanoTime();
        if (!foldDue && now - lastFoldNanos < Duration.ofSeconds(IDLE_FOLD_SECONDS).toNanos()) {
            return Uni.createFrom().voidItem();
        }
        foldDue = false;
        lastFoldNanos = now;
        // the SQL client, not a session: a background statement outside any request
        return pool.query(FOLD).execute()
                .onFailure().invoke(e -> LOG.warnf("Could not fold contact count deltas: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Boolean> vacuumIfDue() {
        long now = System.nanoTime();
        ContactsConfig.Maintenance settings = config.maintenance();
        boolean settled = now - lastWriteNanos >= settings.settle().toNanos();
        // measured from the first pending write, not the last run: an import starting after a quiet minute
        // must not be vacuumed under its feet as soon as it crosses the row threshold
        boolean overdue = now - pendingSinceNanos >= settings.maxInterval().toNanos();
        long rows = written.get();
        if (rows < settings.rows() || !(settled || overdue)) {
            return Uni.createFrom().item(false);
        }
        written.addAndGet(-rows);
        pendingSinceNanos = now;
        long started = System.nanoTime();
        // the SQL client: VACUUM cannot run inside a transaction block, as session statements do. ANALYZE first, on
        // its own: it reads a sample (a second or so), so the planner knows a new large organization before the
        // vacuum of the whole table (tens of seconds at millions of rows) is through
        return pool.query("analyze " + schema + ".contact").execute()
                .chain(() -> pool.withConnection(connection -> connection.query("set vacuum_cost_delay = '2ms'").execute()
                        // paced as autovacuum is (a manual VACUUM runs unthrottled by default: after a
                        // 1,000,000-contact import it took a core and the cache from the lists for tens of seconds)
                        .chain(() -> connection.query("vacuum " + schema + ".contact").execute())
                        .eventually(() -> connection.query("reset vacuum_cost_delay").execute()
                                .onFailure().recoverWithNull())))
                .invoke(() -> LOG.debugf("Vacuumed and analyzed contact after %d written rows in %d ms", rows,
                        (System.nanoTime() - started) / 1_000_000))
                .onFailure().invoke(e -> LOG.warnf("Could not vacuum/analyze contact: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWith(true);
    }
}
