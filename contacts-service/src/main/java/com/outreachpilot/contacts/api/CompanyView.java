package com.outreachpilot.contacts.api;

import com.outreachpilot.contacts.domain.Company;

import java.time.Instant;
import java.util.Map;

/** A company as the API shows it. */
public record CompanyView(String id, String name, String domain, String industry, String size,
                          Map<String, Object> context, Instant createdAt, Instant updatedAt) {

    static CompanyView of(Company c) {
        return new CompanyView(c.id.toString(), c.name, c.domain, c.industry, c.size,
                c.context == null ? Map.of() : c.context, c.createdAt, c.updatedAt);
    }
}
