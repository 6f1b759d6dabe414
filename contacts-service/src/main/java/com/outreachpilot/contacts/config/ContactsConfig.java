package com.outreachpilot.contacts.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** contacts-service's settings ({@code contacts.*}). */
@ConfigMapping(prefix = "contacts")
public interface ContactsConfig {

    /** Upkeep of the contact table after bulk writes ({@code ContactTableMaintenance}). */
    Maintenance maintenance();

    /** How list totals ({@code meta.total}) are found. */
    Totals totals();

    /** How many bulk imports run at once ({@code BulkWrites}). */
    Imports imports();

    interface Imports {

        /**
         * Imports of at least {@link #bulkFrom()} contacts or companies that write at once; the others wait their
         * turn, taken round the organizations. Each such write keeps a database backend busy for 60-160 ms per
         * 1,000 rows (the table's twelve indexes); one at a time leaves the rest of the machine to everyone's reads.
         */
        @WithDefault("1")
        int concurrent();

        /** Smaller imports (a single create, a short batch) never wait. */
        @WithDefault("100")
        int bulkFrom();

        /** A bulk import that has not had its turn after this long is answered 503 with Retry-After. */
        @WithDefault("20s")
        Duration maxWait();
    }

    interface Totals {

        /**
         * Filtered lists are counted exactly up to this many matches; past it the total is estimated from a sample
         * and marked {@code total_exact: false} (counting 250,000 matches costs ~200 ms here, far past a list's
         * budget, and 10,000 ~25 ms, which with the rest of a list is past it too). Organizations with at most this
         * many contacts always get exact totals.
         */
        @WithDefault("5000")
        long exactUpTo();

        /** Rows of the contact table the estimate looks at (a block sample of the table). */
        @WithDefault("15000")
        long sampleRows();
    }

    interface Maintenance {

        /** Rows written since the last ANALYZE and VACUUM that make another one worth it. */
        @WithDefault("10000")
        long rows();

        /** Quiet time after the last write before running (a run during an import would only compete with it). */
        @WithDefault("2s")
        Duration settle();

        /** A steady stream of writes that never settles still gets a run this often. */
        @WithDefault("60s")
        Duration maxInterval();
    }
}
