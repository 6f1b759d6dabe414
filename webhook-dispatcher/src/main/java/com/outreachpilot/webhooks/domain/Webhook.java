package com.outreachpilot.webhooks.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscription as the domain hands it out: a snapshot taken inside the transaction, never the managed
 * entity. It carries the secret; whoever shows it decides whether the secret is shown.
 */
public record Webhook(UUID id, String url, List<String> events, boolean enabled, String disabledReason, String secret,
                      Instant createdAt, Instant updatedAt) {

    static Webhook of(Subscription s) {
        return new Webhook(s.id, s.url, List.copyOf(s.events), s.enabled, s.disabledReason, s.secret, s.createdAt,
                s.updatedAt);
    }
}
