package com.outreachpilot.contacts.domain;

import com.outreachpilot.contacts.api.ContactView;
import com.outreachpilot.contacts.events.ContactEvents;
import com.outreachpilot.contacts.repository.ContactRepository;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Contacts: import (one or many, with upsert), read, update, delete; every change publishes its event. */
@ApplicationScoped
public class ContactService {

    /** The result of an import, in the order the contacts were given. */
    public record Imported(List<ContactView> contacts, int created) {
    }

    @Inject
    ContactRepository contacts;

    @Inject
    Outbox outbox;

    /**
     * Creates the given contacts, or with {@code upsert} updates those whose email exists (only the provided
     * fields). All or nothing. The same email twice in one batch is one contact: later items' fields
     * override earlier ones, and it keeps the position of its first occurrence.
     */
    @WithTransaction
    public Uni<Imported> importContacts(String orgId, List<ContactFields> items, boolean upsert) {
        Map<String, ContactFields> byEmail = new LinkedHashMap<>();
        for (ContactFields item : items) {
            byEmail.merge(item.email(), item, (first, later) -> {
                Map<String, Object> merged = new LinkedHashMap<>(first.given);
                merged.putAll(later.given);
                return new ContactFields(merged);
            });
        }
        return contacts.findByEmails(orgId, byEmail.keySet()).chain(existing -> {
            Map<String, Contact> found = new HashMap<>();
            existing.forEach(c -> found.put(c.email, c));
            if (!upsert && !found.isEmpty()) {
                throw ApiException.duplicate("Contact already exists",
                        "Existing email(s): " + String.join(", ", found.keySet()) + " (send upsert: true to update them)");
            }
            Instant now = now();
            List<Contact> created = new ArrayList<>();
            List<ContactView> result = new ArrayList<>();
            List<DomainEvent> events = new ArrayList<>();
            for (Map.Entry<String, ContactFields> entry : byEmail.entrySet()) {
                Contact contact = found.get(entry.getKey());
                boolean isNew = contact == null;
                if (isNew) {
                    contact = new Contact();
                    contact.id = UUID.randomUUID();
                    contact.orgId = orgId;
                    contact.status = "new";
                    contact.createdAt = now;
                    created.add(contact);
                }
                entry.getValue().applyTo(contact);
                contact.updatedAt = now;
                ContactView view = ContactView.of(contact);
                result.add(view);
                events.add(ContactEvents.of(isNew ? EventType.CONTACT_CREATED : EventType.CONTACT_UPDATED, orgId, view));
            }
            Uni<Void> inserted = created.isEmpty() ? Uni.createFrom().voidItem() : contacts.persist(created);
            return inserted
                    .chain(() -> contacts.flush())
                    .chain(() -> outbox.append(events))
                    .replaceWith(new Imported(result, created.size()));
        });
    }

    @WithSession
    public Uni<ContactView> get(String orgId, UUID id) {
        return existing(orgId, id).map(ContactView::of);
    }

    @WithSession
    public Uni<Page<ContactView>> list(String orgId, ContactRepository.Filter filter, PageRequest page) {
        return contacts.page(orgId, filter, page)
                .chain(items -> contacts.count(orgId, filter).map(total -> new Page<>(items, total, page)))
                .map(page1 -> page1.map(ContactView::of));
    }

    /** Changes only the provided fields; a new email must not belong to another contact. */
    @WithTransaction
    public Uni<ContactView> update(String orgId, UUID id, ContactFields fields) {
        return existing(orgId, id).chain(contact -> {
            String email = fields.has("email") ? fields.email() : null;
            Uni<Void> emailFree = email == null || email.equals(contact.email) ? Uni.createFrom().voidItem()
                    : contacts.findByEmails(orgId, List.of(email)).invoke(others -> {
                        if (!others.isEmpty()) {
                            throw ApiException.duplicate("Contact already exists", "Another contact has email " + email);
                        }
                    }).replaceWithVoid();
            return emailFree.chain(() -> {
                fields.applyTo(contact);
                contact.updatedAt = now();
                ContactView view = ContactView.of(contact);
                return outbox.append(ContactEvents.of(EventType.CONTACT_UPDATED, orgId, view)).replaceWith(view);
            });
        });
    }

    @WithTransaction
    public Uni<UUID> delete(String orgId, UUID id) {
        return existing(orgId, id).chain(contact -> contacts.delete(contact)
                .chain(() -> outbox.append(ContactEvents.deleted(orgId, id.toString())))
                .replaceWith(id));
    }

    private Uni<Contact> existing(String orgId, UUID id) {
        return contacts.findInOrg(orgId, id).onItem().ifNull().failWith(() -> ApiException.notFound("Contact"));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
