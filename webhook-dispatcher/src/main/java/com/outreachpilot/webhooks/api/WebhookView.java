package com.outreachpilot.webhooks.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.outreachpilot.webhooks.domain.Webhook;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription as the API shows it. The secret appears only in the answer that created it (or
 * rotated it), never when listing or reading.
 */
public record WebhookView(@Schema(required = true) String id, @Schema(required = true) String url, @Schema(required = true) List<String> events, @Schema(required = true) boolean enabled, String disabledReason,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String secret, @Schema(required = true) Instant createdAt, @Schema(required = true) Instant updatedAt) {

    public static WebhookView of(Webhook w) {
        return new WebhookView(w.id().toString(), w.url(), w.events(), w.enabled(), w.disabledReason(), null,
                w.createdAt(), w.updatedAt());
    }

    public static WebhookView withSecret(Webhook w) {
        return new WebhookView(w.id().toString(), w.url(), w.events(), w.enabled(), w.disabledReason(), w.secret(),
                w.createdAt(), w.updatedAt());
    }
}
