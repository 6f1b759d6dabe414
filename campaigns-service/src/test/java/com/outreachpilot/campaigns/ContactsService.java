package com.outreachpilot.campaigns;

import com.outreachpilot.platform.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.time.Duration;
import java.util.Map;

/**
 * The real contacts-service (this build's package, in its own JVM on the shared PostgreSQL and Kafka) that the
 * campaigns under test find, create and read contacts in, and that consumes their {@code campaigns.events}.
 */
public class ContactsService implements QuarkusTestResourceLifecycleManager {

    private static volatile ServiceProcess process;

    @Override
    public Map<String, String> start() {
        process = ServiceProcess.of("contacts-service", Map.of()).start();
        process.awaitReady(Duration.ofSeconds(120));
        return Map.of("campaigns.contacts-url", process.url());
    }

    @Override
    public void stop() {
        if (process != null) {
            process.stop();
        }
    }

    static String url() {
        return process.url();
    }
}
