package com.outreachpilot.contacts.domain;

import com.outreachpilot.contacts.api.ContactView;
import com.outreachpilot.contacts.events.ResourceEvents;
import com.outreachpilot.contacts.repository.CompanyRepository;
import com.outreachpilot.contacts.repository.ContactRepository;
import com.outreachpilot.contacts.repository.FolderRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.data.error.ConstraintMappers;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.error.FieldError;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Contacts: import (one or many, with upsert), read, update, delete; every change publishes its event.
 * A contact's {@code account_id} is always the company of its email domain, if the organization has one.
 */
@ApplicationScoped
public class ContactService {

    /** The result of an import, in the order the contacts were given. */
    public record Imported(List<ContactView> contacts, int created) {
    }

    @Inject
    ContactRepository contacts;

    @Inject
    CompanyRepository companies;

    @Inject
    FolderRepository folders;

    @Inject
    Outbox outbox;

    /**
     * Creates the given contacts, or with {@code upsert} updates those whose email exists (only the provided
     * fields). All or nothing. The same email twice in one batch is one contact: later items' fields
     * override earlier ones, and it keeps the position of its first occurrence. {@code itemPrefix} names
     * items in errors ({@code "contacts[%d]."} for a batch, {@code ""} for one contact).
     */
    @WithTransaction
    public Uni<Imported> importContacts(String orgId, List<ContactFields> items, boolean upsert, String itemPrefix) {
        Map<String, ContactFields> byEmail = Fields.mergeByKey(items, ContactFields::email, ContactFields::new);
        return checkFolders(orgId, items, itemPrefix)
                .chain(() -> contacts.lockByEmails(orgId, byEmail.keySet()))
                .chain(existing -> {
                    Map<String, Contact> found = new HashMap<>();
                    existing.forEach(c -> found.put(c.email, c));
                    if (!upsert && !found.isEmpty()) {
                        throw ApiException.duplicate("Contact already exists", "Existing email(s): "
                                + String.join(", ", found.keySet()) + " (send upsert: true to update them)");
                    }
                    return accountsByDomain(orgId, byEmail.keySet()).chain(accounts -> {
                        Instant now = Clock.now();
                        List<Contact> created = new ArrayList<>();
                        List<ContactView> result = new ArrayList<>();
                        List<DomainEvent> events = new ArrayList<>();
                        int position = 0;
                        for (Map.Entry<String, ContactFields> entry : byEmail.entrySet()) {
                            // a microsecond apart, so a batch lists in the order it was given
                            Instant at = now.plusNanos(1_000L * position++);
                            Contact contact = found.get(entry.getKey());
                            boolean isNew = contact == null;
                            if (isNew) {
                                contact = new Contact();
                                contact.id = Ids.newUuid();
                                contact.orgId = orgId;
                                contact.status = "new";
                                contact.createdAt = at;
                                created.add(contact);
                            }
                            entry.getValue().applyTo(contact);
                            contact.accountId = accounts.get(ContactFields.domainOf(contact.email));
                            contact.updatedAt = at;
                            ContactView view = ContactView.of(contact);
                            result.add(view);
                            events.add(ResourceEvents.of(isNew ? EventType.CONTACT_CREATED : EventType.CONTACT_UPDATED,
                                    orgId, view.id(), view));
                        }
                        return contacts.writeAll(new ArrayList<>(found.values()), created)
                                .chain(() -> outbox.append(events))
                                .replaceWith(new Imported(result, created.size()));
                    });
                });
    }

    /**
     * The contact with this email, created from the given fields if there is none. Two callers racing to
     * create the same new email both get that one contact: the loser's insert hits the unique key, its
     * transaction rolls back, and it reads the winner's row.
     */
    public Uni<Imported> findOrCreate(String orgId, ContactFields fields) {
        return Panache.withTransaction(() -> existingByEmail(orgId, fields.email()).chain(existing -> existing != null
                        ? Uni.createFrom().item(existing)
                        : importContacts(orgId, List.of(fields), false, "")))
                .onFailure(failure -> failure instanceof ApiException api ? api.code() == ErrorCode.DUPLICATE_RESOURCE
                        : ConstraintMappers.isUniqueViolation(failure))
                .recoverWithUni(() -> Panache.withSession(() -> existingByEmail(orgId, fields.email()))
                        .onItem().ifNull().failWith(() -> ApiException.duplicate("Contact already exists",
                                "Another request created " + fields.email() + " at the same moment; retry")));
    }

    private Uni<Imported> existingByEmail(String orgId, String email) {
        return contacts.findByEmails(orgId, List.of(email)).map(found -> found.isEmpty() ? null
                : new Imported(List.of(ContactView.of(found.get(0))), 0));
    }

    @WithSession
    public Uni<ContactView> get(String orgId, UUID id) {
        return existing(orgId, id).map(ContactView::of);
    }

    /** The organization's contacts among {@code ids}, in the order asked; unknown ids are left out. */
    @WithSession
    public Uni<List<ContactView>> byIds(String orgId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return contacts.findByIds(orgId, new LinkedHashSet<>(ids)).map(found -> {
            Map<UUID, Contact> byId = new HashMap<>();
            found.forEach(c -> byId.put(c.id, c));
            return new LinkedHashSet<>(ids).stream().filter(byId::containsKey).map(id -> ContactView.of(byId.get(id))).toList();
        });
    }

    @WithSession
    public Uni<Page<ContactView>> list(String orgId, ContactRepository.Filter filter, PageRequest page) {
        return contacts.page(orgId, filter, page)
                .chain(items -> contacts.count(orgId, filter).map(total -> new Page<>(items, total, page)))
                .map(found -> found.map(ContactView::of));
    }

    /** Changes only the provided fields; a new email must not belong to another contact and relinks the account. */
    @WithTransaction
    public Uni<ContactView> update(String orgId, UUID id, ContactFields fields) {
        return existing(orgId, id).chain(contact -> {
            String email = fields.has("email") ? fields.email() : contact.email;
            boolean emailChanged = !email.equals(contact.email);
            Uni<Void> emailFree = !emailChanged ? Uni.createFrom().voidItem()
                    : contacts.findByEmails(orgId, List.of(email)).invoke(others -> {
                        if (!others.isEmpty()) {
                            throw ApiException.duplicate("Contact already exists", "Another contact has email " + email);
                        }
                    }).replaceWithVoid();
            return checkFolders(orgId, List.of(fields), "")
                    .chain(() -> emailFree)
                    .chain(() -> emailChanged ? accountsByDomain(orgId, List.of(email)) : Uni.createFrom().item(Map.<String, UUID>of()))
                    .chain(accounts -> {
                        fields.applyTo(contact);
                        if (emailChanged) {
                            contact.accountId = accounts.get(ContactFields.domainOf(email));
                        }
                        contact.updatedAt = Clock.now();
                        ContactView view = ContactView.of(contact);
                        return outbox.append(ResourceEvents.of(EventType.CONTACT_UPDATED, orgId, view.id(), view)).replaceWith(view);
                    });
        });
    }

    @WithTransaction
    public Uni<UUID> delete(String orgId, UUID id) {
        return existing(orgId, id).chain(contact -> contacts.delete(contact)
                .chain(() -> outbox.append(ResourceEvents.deleted(EventType.CONTACT_DELETED, orgId, id.toString())))
                .replaceWith(id));
    }

    private Uni<Contact> existing(String orgId, UUID id) {
        return contacts.findInOrg(orgId, id).onItem().ifNull().failWith(() -> ApiException.notFound("Contact"));
    }

    /** Company ids by domain for the domains of these emails. */
    private Uni<Map<String, UUID>> accountsByDomain(String orgId, Collection<String> emails) {
        Set<String> domains = new HashSet<>();
        emails.forEach(e -> domains.add(ContactFields.domainOf(e)));
        return companies.findByDomains(orgId, domains).map(found -> {
            Map<String, UUID> byDomain = new HashMap<>();
            found.forEach(c -> byDomain.put(c.domain, c.id));
            return byDomain;
        });
    }

    /** Every non-null {@code folder_id} must name one of the organization's folders (422 naming the item otherwise). */
    private Uni<Void> checkFolders(String orgId, List<ContactFields> items, String itemPrefix) {
        Set<UUID> wanted = new HashSet<>();
        items.forEach(item -> {
            if (item.hasFolder() && item.folderId() != null) {
                wanted.add(item.folderId());
            }
        });
        if (wanted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return folders.existing(orgId, wanted).invoke(found -> {
            Set<UUID> known = new HashSet<>(found);
            List<FieldError> problems = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                ContactFields item = items.get(i);
                if (item.hasFolder() && item.folderId() != null && !known.contains(item.folderId())) {
                    problems.add(new FieldError(itemPrefix.formatted(i) + "folder_id", "no such folder"));
                }
            }
            if (!problems.isEmpty()) {
                throw ApiException.invalid(problems);
            }
        }).replaceWithVoid();
    }
}
