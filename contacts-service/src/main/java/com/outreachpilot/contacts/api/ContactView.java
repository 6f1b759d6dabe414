package com.outreachpilot.contacts.api;

import com.outreachpilot.contacts.domain.Contact;

import java.time.Instant;
import java.util.Map;

/** A contact as the API shows it. */
public record ContactView(String id, String email, String firstName, String lastName, String company, String title,
                          String linkedinUrl, String status, String folderId, String accountId,
                          Map<String, Object> context, Instant createdAt, Instant updatedAt) {

    static ContactView of(Contact c) {
        return new ContactView(c.id.toString(), c.email, c.firstName, c.lastName, c.company, c.title, c.linkedinUrl,
                c.status, c.folderId == null ? null : c.folderId.toString(),
                c.accountId == null ? null : c.accountId.toString(), c.context == null ? Map.of() : c.context,
                c.createdAt, c.updatedAt);
    }
}
