package com.outreachpilot.billing.domain;

import com.outreachpilot.billing.config.BillingConfig;
import com.outreachpilot.platform.data.jobs.BackgroundLoop;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Runs the monthly reset and the expiry of unsettled reservations on every replica; rows are claimed safely.
 * Tests call {@link CreditService#resetDue} and {@link CreditService#releaseExpired} with their own instants.
 */
@ApplicationScoped
public class CreditJobs {

    @Inject
    Vertx vertx;

    @Inject
    CreditService credits;

    @Inject
    BillingConfig config;

    @Inject
    Clock clock;

    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        loop = new BackgroundLoop("credit jobs", vertx, config.jobInterval(),
                () -> credits.resetDue(clock.now())
                        .chain(reset -> credits.releaseExpired(clock.now())
                                .map(released -> reset == CreditService.BATCH || released == CreditService.BATCH)));
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }
}
