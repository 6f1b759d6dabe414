package com.outreachpilot.campaigns.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code PUT …/audience/:contact_id}: {@code {status: "paused" | "active"}}. */
public record MemberChange(
        @NotNull(message = "is required: paused or active")
        @Pattern(regexp = "paused|active", message = "must be paused or active")
        String status) {
}
