package com.outreachpilot.campaigns.domain;

import java.time.Instant;
import java.util.UUID;

/** An enrolled contact as the audience list shows it. */
public record Member(UUID contactId, String email, String firstName, String lastName, String company, String status,
                     int currentStep, Instant nextSendAt, Instant lastSentAt, Instant lastOpenedAt,
                     Instant lastClickedAt, Instant enrolledAt, Instant updatedAt) {
}
