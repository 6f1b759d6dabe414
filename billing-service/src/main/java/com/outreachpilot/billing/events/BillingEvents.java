package com.outreachpilot.billing.events;

import com.outreachpilot.billing.domain.ApiKey;
import com.outreachpilot.billing.domain.OrganizationSummary;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The events billing-service publishes, built in one place from domain objects. Payloads render in
 * snake_case, as the admin API shows the same resources.
 */
public final class BillingEvents {

    private BillingEvents() {
    }

    /** {@code org.created}, {@code org.updated}, {@code org.deleted}: the organization with its credits. */
    public record OrganizationPayload(String id, String name, String plan, long creditsRemaining, long creditsMonthly,
                                      Instant creditsResetAt, Instant createdAt, Instant updatedAt) {
    }

    /** {@code apikey.created}, {@code apikey.revoked}: the key, never its secret or hash. */
    public record ApiKeyPayload(String id, String orgId, String prefix, String name, List<String> scopes,
                                Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    }

    /** {@code credits.low}, {@code credits.exhausted}, {@code credits.reset}. */
    public record CreditsPayload(long creditsRemaining, long creditsMonthly) {
    }

    public static DomainEvent organization(EventType type, OrganizationSummary org) {
        String id = org.id().toString();
        return DomainEvent.of(type, id, id, new OrganizationPayload(id, org.name(), org.plan().wire(),
                org.creditsRemaining(), org.creditsMonthly(), org.creditsResetAt(), org.createdAt(), org.updatedAt()));
    }

    public static DomainEvent apiKey(EventType type, ApiKey key) {
        return DomainEvent.of(type, key.orgId.toString(), key.id.toString(), new ApiKeyPayload(key.id.toString(),
                key.orgId.toString(), key.prefix, key.name, key.scopeList(), key.createdAt, key.lastUsedAt,
                key.revokedAt));
    }

    public static DomainEvent credits(EventType type, UUID orgId, long remaining, long monthly) {
        String id = orgId.toString();
        return DomainEvent.of(type, id, id, new CreditsPayload(remaining, monthly));
    }
}
