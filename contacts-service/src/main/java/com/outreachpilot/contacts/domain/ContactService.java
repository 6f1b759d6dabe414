package com.outreachpilot.contacts.domain;

import com.outreachpilot.contacts.events.ResourceEvents;
import com.outreachpilot.contacts.repository.CompanyRepository;
import com.outreachpilot.contacts.repository.ContactRepository;
import com.outreachpilot.contacts.repository.FolderRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.error.ConstraintMappers;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.platform.time.Clock;
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
import java.util.LinkedHashMap;
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

    /**
     * How often an upsert is tried again after a concurrent request created one of its contacts first: the next
     * attempt finds that contact and updates it. Each retry needs a new racer, so a few are plenty.
     */
    static final int UPSERT_ATTEMPTS = 5;

    /** The result of an import, in the order the contacts were given. */
    public record Imported(List<Contact> contacts, int created) {
    }

    /** The contact for an email and whether this call created it. */
    public record Found(Contact contact, boolean created) {
    }

    @Inject
    ContactRepository contacts;

    @Inject
    CompanyRepository companies;

    @Inject
    FolderRepository folders;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    BulkWrites bulkWrites;

    /**
     * Creates the given contacts, or with {@code upsert} updates those whose email exists (only the given
     * fields). All or nothing. The same email twice in one batch is one contact: later items' fields override
     * earlier ones, and it keeps the position of its first occurrence. Refuses a {@code folder_id} that is not
     * one of the organization's folders with {@link InvalidItems} naming the item's position.
     * <p>
     * An upsert never fails because a concurrent request created the same email first: its insert hits the
     * unique key, the transaction rolls back, and the next attempt updates the winner's contact.
     */
    public Uni<Imported> importContacts(OrgId orgId, List<ContactFields> items, boolean upsert) {
        return bulkWrites.write(orgId, items.size(), () -> Panache.withTransaction(() -> write(orgId, items, upsert)))
                .onFailure(failure -> upsert && ConstraintMappers.isUniqueViolation(failure))
                .retry().atMost(UPSERT_ATTEMPTS - 1);
    }

    /** {@link #importContacts}'s work, inside the caller's transaction. */
    private Uni<Imported> write(OrgId orgId, List<ContactFields> items, boolean upsert) {
        Map<String, ContactFields> byEmail = new LinkedHashMap<>();
        items.forEach(item -> byEmail.merge(item.email(), item, ContactFields::followedBy));
        return checkFolders(orgId, items)
                .chain(() -> contacts.lockByEmails(orgId, byEmail.keySet()))
                .chain(existing -> {
                    Map<String, Contact> found = new HashMap<>();
                    existing.forEach(c -> found.put(c.email, c));
                    if (!upsert && !found.isEmpty()) {
                        throw ApiException.duplicate("Contact already exists", "Existing email(s): "
                                + String.join(", ", found.keySet()) + " (send upsert: true to update them)");
                    }
                    return accountsByDomain(orgId, byEmail.keySet()).chain(accounts -> {
                        Instant now = clock.now();
                        List<Contact> created = new ArrayList<>();
                        List<Contact> result = new ArrayList<>();
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
                                contact.orgId = orgId.toString();
                                contact.status = "new";
                                contact.createdAt = at;
                                created.add(contact);
                            }
                            entry.getValue().applyTo(contact);
                            contact.accountId = accounts.get(ContactFields.domainOf(contact.email));
                            contact.updatedAt = at;
                            result.add(contact);
                            events.add(ResourceEvents.contact(
                                    isNew ? EventType.CONTACT_CREATED : EventType.CONTACT_UPDATED, contact));
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
    public Uni<Found> findOrCreate(OrgId orgId, ContactFields fields) {
        return Panache.withTransaction(() -> existingByEmail(orgId, fields.email()).chain(existing -> existing != null
                        ? Uni.createFrom().item(new Found(existing, false))
                        : write(orgId, List.of(fields), false).map(imported -> new Found(imported.contacts().get(0), true))))
                .onFailure(failure -> failure instanceof ApiException api ? api.code() == ErrorCode.DUPLICATE_RESOURCE
                        : ConstraintMappers.isUniqueViolation(failure))
                .recoverWithUni(() -> Panache.withSession(() -> existingByEmail(orgId, fields.email()))
                        .onItem().ifNull().failWith(() -> ApiException.duplicate("Contact already exists",
                                "Another request created " + fields.email() + " at the same moment; retry"))
                        .map(contact -> new Found(contact, false)));
    }

    private Uni<Contact> existingByEmail(OrgId orgId, String email) {
        return contacts.findByEmails(orgId, List.of(email)).map(found -> found.isEmpty() ? null : found.get(0));
    }

    @WithSession
    public Uni<Contact> get(OrgId orgId, UUID id) {
        return existing(orgId, id);
    }

    /** The organization's contacts among {@code ids}, in the order asked; unknown ids are left out. */
    @WithSession
    public Uni<List<Contact>> byIds(OrgId orgId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return contacts.findByIds(orgId, new LinkedHashSet<>(ids)).map(found -> {
            Map<UUID, Contact> byId = new HashMap<>();
            found.forEach(c -> byId.put(c.id, c));
            return new LinkedHashSet<>(ids).stream().filter(byId::containsKey).map(byId::get).toList();
        });
    }

    public Uni<Page<Contact>> list(OrgId orgId, ContactFilter filter, PageRequest page) {
        return list(orgId, filter, page, null).map(ContactPage::page);
    }

    /**
     * One page of a contact list, whether more follow, the cursor the next page starts after, and whether
     * {@code page.total()} is an exact count or an estimate.
     */
    public record ContactPage(Page<Contact> page, boolean hasMore, String nextCursor, boolean totalExact) {
    }

    /**
     * A page at an offset ({@code after} null) or right after a position ({@code page}'s offset then 0), with
     * the cursor of its last row ({@code after} again for an empty page, so a poller keeps its place).
     */
    @WithSession
    public Uni<ContactPage> list(OrgId orgId, ContactFilter filter, PageRequest page, ContactPosition after) {
        boolean byChange = filter.updatedSince() != null;
        // one row more than the page says whether more follow (the total may be an estimate)
        // the total first: how many rows match tells the page query how to find them (ContactRepository.page)
        return contacts.count(orgId, filter).chain(total -> contacts.page(orgId, filter, page.limit() + 1,
                after == null ? page.offset() : 0, after, total.value()).map(fetched -> {
            List<Contact> items = fetched.size() > page.limit() ? fetched.subList(0, page.limit()) : fetched;
            boolean more = fetched.size() > page.limit();
            // an estimate never says fewer than the rows this page proves exist
            long shown = total.exact() ? total.value() : Math.max(total.value(), (long) page.offset() + items.size() + (more ? 1 : 0));
            Page<Contact> found = new Page<>(items, shown, page);
            String next = items.isEmpty() ? (after == null ? null : after.cursor())
                    : ContactPosition.after(items.get(items.size() - 1), byChange).cursor();
            return new ContactPage(found, more, next, total.exact());
        }));
    }

    /** Changes only the given fields; a new email must not belong to another contact and relinks the account. */
    @WithTransaction
    public Uni<Contact> update(OrgId orgId, UUID id, ContactFields fields) {
        return existing(orgId, id).chain(contact -> {
            String email = fields.has(ContactFields.Field.EMAIL) ? fields.email() : contact.email;
            boolean emailChanged = !email.equals(contact.email);
            Uni<Void> emailFree = !emailChanged ? Uni.createFrom().voidItem()
                    : contacts.findByEmails(orgId, List.of(email)).invoke(others -> {
                        if (!others.isEmpty()) {
                            throw ApiException.duplicate("Contact already exists", "Another contact has email " + email);
                        }
                    }).replaceWithVoid();
            return checkFolders(orgId, List.of(fields))
                    .chain(() -> emailFree)
                    .chain(() -> emailChanged ? accountsByDomain(orgId, List.of(email)) : Uni.createFrom().item(Map.<String, UUID>of()))
                    .chain(accounts -> {
                        fields.applyTo(contact);
                        if (emailChanged) {
                            contact.accountId = accounts.get(ContactFields.domainOf(email));
                        }
                        contact.updatedAt = clock.now();
                        return outbox.append(ResourceEvents.contact(EventType.CONTACT_UPDATED, contact)).replaceWith(contact);
                    });
        });
    }

    @WithTransaction
    public Uni<UUID> delete(OrgId orgId, UUID id) {
        return existing(orgId, id).chain(contact -> contacts.delete(contact)
                .chain(() -> outbox.append(ResourceEvents.deleted(EventType.CONTACT_DELETED, orgId, id)))
                .replaceWith(id));
    }

    private Uni<Contact> existing(OrgId orgId, UUID id) {
        return contacts.findInOrg(orgId, id).onItem().ifNull().failWith(() -> ApiException.notFound("Contact"));
    }

    /** Company ids by domain for the domains of these emails. */
    private Uni<Map<String, UUID>> accountsByDomain(OrgId orgId, Collection<String> emails) {
        Set<String> domains = new HashSet<>();
        emails.forEach(e -> domains.add(ContactFields.domainOf(e)));
        return companies.findByDomains(orgId, domains).map(found -> {
            Map<String, UUID> byDomain = new HashMap<>();
            found.forEach(c -> byDomain.put(c.domain, c.id));
            return byDomain;
        });
    }

    /** Every non-null {@code folder_id} must name one of the organization's folders ({@link InvalidItems} otherwise). */
    private Uni<Void> checkFolders(OrgId orgId, List<ContactFields> items) {
        Set<UUID> wanted = new HashSet<>();
        items.forEach(item -> {
            if (item.has(ContactFields.Field.FOLDER_ID) && item.folderId() != null) {
                wanted.add(item.folderId());
            }
        });
        if (wanted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return folders.existing(orgId, wanted).invoke(found -> {
            Set<UUID> known = new HashSet<>(found);
            List<InvalidItems.Problem> problems = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                ContactFields item = items.get(i);
                if (item.has(ContactFields.Field.FOLDER_ID) && item.folderId() != null && !known.contains(item.folderId())) {
                    problems.add(new InvalidItems.Problem(i, ContactFields.Field.FOLDER_ID, "no such folder"));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidItems(problems);
            }
        }).replaceWithVoid();
    }

    /**
     * Forgets a deleted organization: its contacts, companies and folders, in the caller's transaction. No events:
     * the organization, its webhooks and its subscribers are gone with it.
     */
    public Uni<Void> purgeOrganization(OrgId orgId) {
        return contacts.deleteOrganization(orgId);
    }

    /**
     * Records what a campaign learned about a contact (it unsubscribed, its address bounced): the contact's
     * {@code status} and a {@code contact.updated} event. A contact deleted meanwhile, or already in that status,
     * is left alone.
     */
    @WithTransaction
    public Uni<Void> recordStatus(OrgId orgId, UUID id, String status) {
        return contacts.findInOrg(orgId, id).chain(contact -> {
            if (contact == null || status.equals(contact.status)) {
                return Uni.createFrom().voidItem();
            }
            contact.status = status;
            contact.updatedAt = clock.now();
            return outbox.append(ResourceEvents.contact(EventType.CONTACT_UPDATED, contact)).replaceWithVoid();
        });
    }
}
