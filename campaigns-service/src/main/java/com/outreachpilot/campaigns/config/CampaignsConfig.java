package com.outreachpilot.campaigns.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** campaigns-service's settings; every value can be set by environment variable (see README). */
@ConfigMapping(prefix = "campaigns")
public interface CampaignsConfig {

    /** Base URL of contacts-service, whose internal find-or-create and by-ids a trigger calls. */
    @WithDefault("http://localhost:8081")
    String contactsUrl();

    /** Time for one call to contacts-service. */
    @WithDefault("10s")
    Duration contactsTimeout();

    /** Open, click and unsubscribe links. */
    Tracking tracking();

    interface Tracking {

        /** The public URL the links start with (the gateway's, which routes /t to this service without a key). */
        String baseUrl();

        /** The key tracking tokens are signed with (HMAC-SHA256); set CAMPAIGNS_TRACKING_SECRET in production. */
        String secret();
    }

    /** The sequencer: how it finds and sends due steps. */
    Sequencer sequencer();

    interface Sequencer {

        /** Whether this replica sends (every replica may; they never send the same step twice). */
        @WithDefault("true")
        boolean enabled();

        /** How often due steps are looked for when nothing wakes the sequencer earlier. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Due steps claimed per run. */
        @WithDefault("100")
        int batchSize();

        /**
         * A claimed step is held this long (longer than an SMTP attempt can take); a replica that dies before
         * recording the outcome leaves it to the others once it has passed.
         */
        @WithDefault("2m")
        Duration lease();

        /** Attempts of one step before a contact whose server keeps failing temporarily ends as failed. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the first retry after a transient SMTP failure; it doubles with each further attempt. */
        @WithDefault("1m")
        Duration retryBackoff();

        /**
         * Sends that wait for a window to open are spread over this much of it (or the whole window if shorter),
         * so a window does not open with a burst.
         */
        @WithDefault("30m")
        Duration spread();
    }
}
