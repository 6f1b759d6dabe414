package com.outreachpilot.contacts.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.outreachpilot.contacts.domain.Contact;

import java.time.Instant;
import java.util.Map;

/** A contact as the API shows it. */
public record ContactView(@Schema(required = true) String id, @Schema(required = true) String email, String firstName, String lastName, String company, String title,
                          String linkedinUrl, @Schema(required = true) String status, String folderId, String accountId,
                          @Schema(required = true) Map<String, Object> context, @Schema(required = true) Instant createdAt, @Schema(required = true) Instant updatedAt) {

    static ContactView of(Contact c) {
        return new ContactView(c.id.toString(), c.email, c.firstName, c.lastName, c.company, c.title, c.linkedinUrl,
                c.status, c.folderId == null ? null : c.folderId.toString(),
                c.accountId == null ? null : c.accountId.toString(), c.context == null ? Map.of() : c.context,
                c.createdAt, c.updatedAt);
    }
}
