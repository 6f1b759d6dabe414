package com.outreachpilot.billing.domain;

import com.outreachpilot.platform.auth.Plan;

import java.time.Instant;
import java.util.UUID;

/**
 * An organization as the admin API and the {@code org.*} events show it: the row and its credits at the
 * moment of reading (the balance changes by SQL statements, so it is passed in, not read from the entity).
 */
public record OrganizationSummary(UUID id, String name, Plan plan, long creditsRemaining, long creditsMonthly,
                                  Instant creditsResetAt, Instant createdAt, Instant updatedAt) {
}
