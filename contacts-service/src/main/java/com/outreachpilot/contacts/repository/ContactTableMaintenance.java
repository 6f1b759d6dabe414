package com.outreachpilot.contacts.repository;

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
 * Once a burst of bulk writes has settled, runs {@code VACUUM (ANALYZE)} on the contact table, which
 * autovacuum does only after a fraction of the whole (multi-tenant) table changed: until then the planner
 * does not know a freshly imported organization is large (it takes it for a few rows and scans all of it to
 * search), index-only counts and deep offsets read every new heap page, and searches scan the trigram
 * index's pending list. Skips the vacuum for small writes; never runs two at once.
 */
@ApplicationScoped
public class ContactTableMaintenance {

    private static final Logger LOG = Logger.getLogger(ContactTableMaintenance.class);

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @ConfigProperty(name = "platform.db.schema")
    String schema;

    /** Rows written since the last run that make a run worth it. */
    @ConfigProperty(name = "contacts.maintenance.rows", defaultValue = "10000")
    long rowsThreshold;

    /** Quiet time after the last write before running (a run during an import would only compete with it). */
    @ConfigProperty(name = "contacts.maintenance.settle", defaultValue = "2s")
    Duration settle;

    /** A steady stream of writes that never settles still gets a run this often. */
    @ConfigProperty(name = "contacts.maintenance.max-interval", defaultValue = "60s")
    Duration maxInterval;

    private final AtomicLong written = new AtomicLong();
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long lastRunNanos = System.nanoTime();
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
        written.addAndGet(rows);
        lastWriteNanos = System.nanoTime();
    }

    Uni<Boolean> runIfDue() {
        long now = System.nanoTime();
        boolean settled = now - lastWriteNanos >= settle.toNanos();
        boolean overdue = now - lastRunNanos >= maxInterval.toNanos();
        long rows = written.get();
        if (rows < rowsThreshold || !(settled || overdue)) {
            return Uni.createFrom().item(false);
        }
        written.addAndGet(-rows);
        lastRunNanos = now;
        long started = System.nanoTime();
        return pool.query("vacuum (analyze) " + schema + ".contact").execute()
                .invoke(() -> LOG.debugf("Vacuumed and analyzed contact after %d written rows in %d ms", rows,
                        (System.nanoTime() - started) / 1_000_000))
                .onFailure().invoke(e -> LOG.warnf("Could not vacuum/analyze contact: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWith(false);
    }
}
