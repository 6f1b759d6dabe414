package com.outreachpilot.webhooks.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.outreachpilot.webhooks.domain.Subscription;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription as the API shows it. The secret appears only in the answer that created it (or
 * rotated it), never when listing or reading.
 */
public record WebhookView(String id, String url, List<String> events, boolean enabled, String disabledReason,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String secret, Instant createdAt, Instant updatedAt) {

    public static WebhookView of(Subscription s) {
        return new WebhookView(s.id.toString(), s.url, s.events, s.enabled, s.disabledReason, null, s.createdAt, s.updatedAt);
    }

    public static WebhookView withSecret(Subscription s) {
        return new WebhookView(s.id.toString(), s.url, s.events, s.enabled, s.disabledReason, s.secret, s.createdAt, s.updatedAt);
    }
}
