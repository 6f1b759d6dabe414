package com.outreachpilot.contacts.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.outreachpilot.contacts.domain.Company;

import java.time.Instant;
import java.util.Map;

/** A company as the API shows it. */
public record CompanyView(@Schema(required = true) String id, String name, String domain, String industry, String size,
                          @Schema(required = true) Map<String, Object> context, @Schema(required = true) Instant createdAt, @Schema(required = true) Instant updatedAt) {

    static CompanyView of(Company c) {
        return new CompanyView(c.id.toString(), c.name, c.domain, c.industry, c.size,
                c.context == null ? Map.of() : c.context, c.createdAt, c.updatedAt);
    }
}
