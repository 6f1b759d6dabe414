package com.outreachpilot.billing.api;

import com.outreachpilot.billing.domain.ApiKey;
import com.outreachpilot.billing.domain.CreditLedgerEntry;
import com.outreachpilot.billing.domain.CreditReservation;

import java.time.Instant;
import java.util.List;

/** What billing-service shows through its APIs (entities never leave). Field names render in snake_case. */
public final class BillingViews {

    private BillingViews() {
    }

    public record OrganizationView(String id, String name, String plan, long creditsRemaining, long creditsMonthly,
                                   Instant creditsResetAt, Instant createdAt, Instant updatedAt) {
    }

    public record ApiKeyView(String id, String orgId, String prefix, String name, List<String> scopes,
                             Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        public static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id.toString(), key.orgId.toString(), key.prefix, key.name, key.scopeList(),
                    key.createdAt, key.lastUsedAt, key.revokedAt);
        }
    }

    /** The only place a key's secret appears: the answer to its creation. */
    public record CreatedApiKey(String id, String key, String prefix, String name, List<String> scopes,
                                Instant createdAt) {
    }

    /** {@code GET /api/v1/credits}, exactly as the API reference shows. */
    public record Credits(long creditsRemaining, long creditsMonthly, String planTier, Instant creditsResetAt) {
    }

    public record LedgerEntryView(long id, String type, long amount, long balanceAfter, String reason,
                                  String reference, Instant createdAt) {
        public static LedgerEntryView of(CreditLedgerEntry e) {
            return new LedgerEntryView(e.id, e.entryType, e.amount, e.balanceAfter, e.reason, e.reference, e.createdAt);
        }
    }

    /** What the gateway needs to decide on a key. */
    public record KeyPrincipal(String keyId, String orgId, boolean orgExists, String plan, List<String> scopes,
                               boolean revoked) {
    }

    public record ReservationView(String id, long amount, String state, Long settledAmount, long creditsRemaining) {
        public static ReservationView of(CreditReservation r, long creditsRemaining) {
            return new ReservationView(r.id.toString(), r.amount, r.state, r.settledAmount, creditsRemaining);
        }
    }
}
