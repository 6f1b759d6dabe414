package com.outreachpilot.contacts.events;

import com.outreachpilot.contacts.domain.Company;
import com.outreachpilot.contacts.domain.Contact;
import com.outreachpilot.contacts.domain.Folder;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * This service's events (contacts, companies, folders), built in one place from the domain objects; their
 * {@code data} is the resource as the public API shows it.
 */
public final class ResourceEvents {

    private ResourceEvents() {
    }

    /** {@code data} of a contact event. */
    public record ContactData(String id, String email, String firstName, String lastName, String company,
                              String title, String linkedinUrl, String status, String folderId, String accountId,
                              Map<String, Object> context, Instant createdAt, Instant updatedAt) {

        static ContactData of(Contact c) {
            return new ContactData(c.id.toString(), c.email, c.firstName, c.lastName, c.company, c.title,
                    c.linkedinUrl, c.status, c.folderId == null ? null : c.folderId.toString(),
                    c.accountId == null ? null : c.accountId.toString(), c.context == null ? Map.of() : c.context,
                    c.createdAt, c.updatedAt);
        }
    }

    /** {@code data} of a company event. */
    public record CompanyData(String id, String name, String domain, String industry, String size,
                              Map<String, Object> context, Instant createdAt, Instant updatedAt) {

        static CompanyData of(Company c) {
            return new CompanyData(c.id.toString(), c.name, c.domain, c.industry, c.size,
                    c.context == null ? Map.of() : c.context, c.createdAt, c.updatedAt);
        }
    }

    /** {@code data} of a folder event, with how many contacts are in the folder. */
    public record FolderData(String id, String name, long contactCount, Instant createdAt, Instant updatedAt) {
    }

    public static DomainEvent contact(EventType type, Contact contact) {
        return DomainEvent.of(type, contact.orgId, contact.id.toString(), ContactData.of(contact));
    }

    public static DomainEvent company(EventType type, Company company) {
        return DomainEvent.of(type, company.orgId, company.id.toString(), CompanyData.of(company));
    }

    public static DomainEvent folder(EventType type, Folder folder, long contactCount) {
        return DomainEvent.of(type, folder.orgId, folder.id.toString(),
                new FolderData(folder.id.toString(), folder.name, contactCount, folder.createdAt, folder.updatedAt));
    }

    /** A deletion: {@code data} is {@code {id, deleted: true}}. */
    public static DomainEvent deleted(EventType type, OrgId orgId, UUID id) {
        return DomainEvent.of(type, orgId.toString(), id.toString(), Map.of("id", id.toString(), "deleted", true));
    }
}
