package com.outreachpilot.billing.domain;

import com.outreachpilot.billing.config.BillingConfig;
import com.outreachpilot.platform.data.jobs.BackgroundLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;

/** Runs the monthly reset and the expiry of unsettled reservations on every replica; rows are claimed safely. */
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
                () -> credits.resetDue(clock.instant())
                        .chain(reset -> credits.releaseExpired(clock.instant())
                                .map(released -> reset == 100 || released == 100)));
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }
}
