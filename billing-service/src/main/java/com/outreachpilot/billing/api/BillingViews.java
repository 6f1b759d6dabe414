package com.outreachpilot.billing.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.outreachpilot.platform.api.Deleted;
import com.outreachpilot.billing.domain.ApiKey;
import com.outreachpilot.billing.domain.CreditLedgerEntry;
import com.outreachpilot.billing.domain.CreditReservation;
import com.outreachpilot.billing.domain.IssuedApiKey;
import com.outreachpilot.billing.domain.OrganizationSummary;
import com.outreachpilot.billing.domain.ReservationOutcome;

import java.time.Instant;
import java.util.List;

/**
 * What billing-service shows through its APIs, and the mapping from domain objects (entities never leave).
 * Field names render in snake_case. The internal key resolution answers with the platform's
 * {@link com.outreachpilot.platform.auth.KeyPrincipal}, the contract the gateway reads.
 */
public final class BillingViews {

    private BillingViews() {
    }

    public record OrganizationView(@Schema(required = true) String id, @Schema(required = true) String name, @Schema(required = true) String plan, @Schema(required = true) long creditsRemaining, @Schema(required = true) long creditsMonthly,
                                   @Schema(required = true) Instant creditsResetAt, @Schema(required = true) Instant createdAt, @Schema(required = true) Instant updatedAt) {
        static OrganizationView of(OrganizationSummary org) {
            return new OrganizationView(org.id().toString(), org.name(), org.plan().wire(), org.creditsRemaining(),
                    org.creditsMonthly(), org.creditsResetAt(), org.createdAt(), org.updatedAt());
        }
    }

    public record ApiKeyView(@Schema(required = true) String id, @Schema(required = true) String orgId, @Schema(required = true) String prefix, @Schema(required = true) String name, @Schema(required = true) List<String> scopes,
                             @Schema(required = true) Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id.toString(), key.orgId.toString(), key.prefix, key.name, key.scopeList(),
                    key.createdAt, key.lastUsedAt, key.revokedAt);
        }
    }

    /** The only place a key's secret appears: the answer to its creation. */
    public record CreatedApiKey(String id, String key, String prefix, String name, List<String> scopes,
                                Instant createdAt) {
        static CreatedApiKey of(IssuedApiKey issued) {
            ApiKey key = issued.key();
            return new CreatedApiKey(key.id.toString(), issued.secret(), key.prefix, key.name, key.scopeList(),
                    key.createdAt);
        }
    }

    /** {@code GET /api/v1/credits}, exactly as the API reference shows. */
    public record Credits(@Schema(required = true) long creditsRemaining, @Schema(required = true) long creditsMonthly, @Schema(required = true) String planTier, @Schema(required = true) Instant creditsResetAt) {
        static Credits of(OrganizationSummary org) {
            return new Credits(org.creditsRemaining(), org.creditsMonthly(), org.plan().wire(), org.creditsResetAt());
        }
    }

    public record LedgerEntryView(long id, String type, long amount, long balanceAfter, String reason,
                                  String reference, Instant createdAt) {
        static LedgerEntryView of(CreditLedgerEntry e) {
            return new LedgerEntryView(e.id, e.entryType, e.amount, e.balanceAfter, e.reason, e.reference, e.createdAt);
        }
    }

    public record ReservationView(String id, long amount, String state, Long settledAmount, long creditsRemaining) {
        static ReservationView of(ReservationOutcome outcome) {
            CreditReservation r = outcome.reservation();
            return new ReservationView(r.id.toString(), r.amount, r.state, r.settledAmount, outcome.creditsRemaining());
        }
    }

}
