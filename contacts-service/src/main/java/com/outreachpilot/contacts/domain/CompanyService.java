package com.outreachpilot.contacts.domain;

import com.outreachpilot.contacts.events.ResourceEvents;
import com.outreachpilot.contacts.repository.CompanyRepository;
import com.outreachpilot.contacts.repository.ContactRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.error.ConstraintMappers;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Companies (accounts): import with upsert keyed by domain, read, update, delete. A company's domain links
 * the organization's contacts of that email domain to it; every change publishes its event, and contacts
 * whose link changed publish {@code contact.updated}.
 */
@ApplicationScoped
public class CompanyService {

    /** The result of an import, in the order the companies were given. */
    public record Imported(List<Company> companies, int created) {
    }

    @Inject
    CompanyRepository companies;

    @Inject
    ContactRepository contacts;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    BulkWrites bulkWrites;

    /**
     * Creates the given companies, or with {@code upsert} updates those whose domain exists (only the
     * given fields). All or nothing. The same domain twice in one batch is one company (later fields win,
     * first position kept); companies without a domain are always created.
     * <p>
     * An upsert never fails because a concurrent request created the same domain first: its insert hits the
     * unique key, the transaction rolls back, and the next attempt updates the winner's company.
     */
    public Uni<Imported> importCompanies(OrgId orgId, List<CompanyFields> items, boolean upsert) {
        return bulkWrites.write(orgId, items.size(), () -> Panache.withTransaction(() -> write(orgId, items, upsert)))
                .onFailure(failure -> upsert && ConstraintMappers.isUniqueViolation(failure))
                .retry().atMost(ContactService.UPSERT_ATTEMPTS - 1);
    }

    private Uni<Imported> write(OrgId orgId, List<CompanyFields> items, boolean upsert) {
        Map<Object, CompanyFields> byKey = new LinkedHashMap<>();
        for (CompanyFields item : items) {
            // companies without a domain are each their own
            byKey.merge(item.domain() != null ? item.domain() : new Object(), item, CompanyFields::followedBy);
        }
        List<String> domains = byKey.values().stream().map(CompanyFields::domain).filter(Objects::nonNull).toList();
        return companies.lockByDomains(orgId, domains).chain(existing -> {
            Map<String, Company> found = new HashMap<>();
            existing.forEach(c -> found.put(c.domain, c));
            if (!upsert && !found.isEmpty()) {
                throw ApiException.duplicate("Company already exists",
                        "Existing domain(s): " + String.join(", ", found.keySet()) + " (send upsert: true to update them)");
            }
            Instant now = clock.now();
            List<Company> created = new ArrayList<>();
            List<Company> all = new ArrayList<>();
            List<DomainEvent> events = new ArrayList<>();
            int position = 0;
            for (CompanyFields fields : byKey.values()) {
                // a microsecond apart, so a batch lists in the order it was given
                Instant at = now.plusNanos(1_000L * position++);
                Company company = fields.domain() == null ? null : found.get(fields.domain());
                boolean isNew = company == null;
                if (isNew) {
                    company = new Company();
                    company.id = Ids.newUuid();
                    company.orgId = orgId.toString();
                    company.createdAt = at;
                    created.add(company);
                }
                fields.applyTo(company);
                company.updatedAt = at;
                all.add(company);
                events.add(ResourceEvents.company(isNew ? EventType.COMPANY_CREATED : EventType.COMPANY_UPDATED, company));
            }
            List<UUID> linkable = created.stream().filter(c -> c.domain != null).map(c -> c.id).toList();
            Uni<Void> inserted = created.isEmpty() ? Uni.createFrom().voidItem() : companies.persist(created);
            return inserted
                    .chain(() -> companies.flush())
                    .chain(() -> contacts.linkToCompanies(orgId, linkable, now))
                    .chain(linked -> outbox.append(withContactEvents(events, linked)))
                    .replaceWith(() -> new Imported(all, created.size()));
        });
    }

    @WithSession
    public Uni<Company> get(OrgId orgId, UUID id) {
        return existing(orgId, id);
    }

    @WithSession
    public Uni<Page<Company>> list(OrgId orgId, CompanyFilter filter, PageRequest page) {
        return companies.page(orgId, filter, page)
                .chain(items -> companies.count(orgId, filter).map(total -> new Page<>(items, total, page)));
    }

    /** Changes only the given fields and merges {@code context}; a new domain must be free and relinks contacts. */
    @WithTransaction
    public Uni<Company> update(OrgId orgId, UUID id, CompanyFields fields) {
        return existing(orgId, id).chain(company -> {
            String before = company.domain;
            String domain = fields.has(CompanyFields.Field.DOMAIN) ? fields.domain() : before;
            boolean domainChanged = !Objects.equals(before, domain);
            Uni<Void> domainFree = !domainChanged || domain == null ? Uni.createFrom().voidItem()
                    : companies.findByDomains(orgId, List.of(domain)).invoke(others -> {
                        if (!others.isEmpty()) {
                            throw ApiException.duplicate("Company already exists", "Another company has domain " + domain);
                        }
                    }).replaceWithVoid();
            return domainFree.chain(() -> {
                Instant now = clock.now();
                fields.applyTo(company);
                company.updatedAt = now;
                List<DomainEvent> events = List.of(ResourceEvents.company(EventType.COMPANY_UPDATED, company));
                Uni<List<Contact>> relinked = domainChanged
                        ? companies.flush().chain(() -> contacts.relinkCompany(orgId, company.id, domain, now))
                        : Uni.createFrom().item(List.of());
                return relinked.chain(changed -> outbox.append(withContactEvents(events, changed))).replaceWith(company);
            });
        });
    }

    /**
     * Deletes the company. Its contacts are unlinked by one statement first, so their {@code updated_at} and
     * {@code contact.updated} events tell syncing clients; the foreign key ({@code on delete set null}) is
     * the guarantee behind it.
     */
    @WithTransaction
    public Uni<UUID> delete(OrgId orgId, UUID id) {
        return existing(orgId, id).chain(company -> contacts.unlinkCompany(orgId, id, clock.now())
                .chain(unlinked -> companies.delete(company).chain(() -> outbox.append(withContactEvents(
                        List.of(ResourceEvents.deleted(EventType.COMPANY_DELETED, orgId, id)), unlinked))))
                .replaceWith(id));
    }

    private Uni<Company> existing(OrgId orgId, UUID id) {
        return companies.findInOrg(orgId, id).onItem().ifNull().failWith(() -> ApiException.notFound("Company"));
    }

    private static List<DomainEvent> withContactEvents(List<DomainEvent> events, List<Contact> changed) {
        if (changed.isEmpty()) {
            return events;
        }
        List<DomainEvent> all = new ArrayList<>(events);
        changed.forEach(c -> all.add(ResourceEvents.contact(EventType.CONTACT_UPDATED, c)));
        return all;
    }
}
