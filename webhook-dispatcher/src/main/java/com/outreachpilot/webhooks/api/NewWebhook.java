package com.outreachpilot.webhooks.api;

import com.outreachpilot.webhooks.domain.SubscriptionService.NewSubscription;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.LinkedHashSet;
import java.util.List;

/** Body of {@code POST /api/v1/webhooks}: {@code {url, events, secret?}}; a missing secret is generated. */
@SubscribableEvents
public record NewWebhook(
        @NotNull(message = "is required")
        @Pattern(regexp = NON_BLANK, message = "must be a non-empty string")
        @WebhookUrl
        String url,

        @NotEmpty(message = EVENTS_REQUIRED)
        List<String> events,

        @Pattern(regexp = NON_BLANK, message = "must be a non-empty string")
        @WebhookSecret
        String secret) implements SubscribableEvents.Body {

    static final String NON_BLANK = "\\s*\\S[\\s\\S]*";
    static final String EVENTS_REQUIRED = "must be a non-empty array of event types (see available_events)";

    NewSubscription toDomain() {
        return new NewSubscription(url.trim(), distinct(events), secret);
    }

    /** Event types in the order given, each once. */
    static List<String> distinct(List<String> events) {
        return events == null ? null : List.copyOf(new LinkedHashSet<>(events));
    }
}
