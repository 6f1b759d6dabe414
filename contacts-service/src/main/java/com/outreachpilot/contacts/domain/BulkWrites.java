package com.outreachpilot.contacts.domain;

import com.outreachpilot.contacts.config.ContactsConfig;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.concurrency.Permits;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Supplier;

/**
 * Bulk imports of contacts and companies take turns ({@code contacts.imports.*}): a write of at least
 * {@code bulk-from} items waits for one of {@code concurrent} slots, the organizations served in turn; smaller
 * writes go straight through. Metrics: {@code contacts_bulk_writes_running}, {@code contacts_bulk_writes_waiting}.
 */
@ApplicationScoped
public class BulkWrites {

    private final Permits permits;
    private final int bulkFrom;

    @Inject
    public BulkWrites(ContactsConfig config, Vertx vertx, MeterRegistry registry) {
        ContactsConfig.Imports imports = config.imports();
        this.permits = new Permits("imports", imports.concurrent(), imports.maxWait(), vertx);
        this.bulkFrom = imports.bulkFrom();
        Gauge.builder("contacts.bulk.writes.running", permits, Permits::inUse)
                .description("Bulk imports writing now").register(registry);
        Gauge.builder("contacts.bulk.writes.waiting", permits, Permits::waiting)
                .description("Bulk imports waiting for their turn").register(registry);
    }

    /** {@code write} now if it is small, else in its organization's turn. */
    public <T> Uni<T> write(OrgId orgId, int items, Supplier<Uni<T>> write) {
        return items < bulkFrom ? Uni.createFrom().<T>deferred(() -> write.get()) : permits.run(orgId.toString(), write);
    }
}
