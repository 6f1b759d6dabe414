package com.outreachpilot.contacts.repository;

import com.outreachpilot.contacts.domain.Contact;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<Contact, UUID> {

    /** List filters; null means "any". */
    public record Filter(String status, UUID folderId, String search, Instant updatedSince) {
    }

    /** The expression the trigram index covers; search must use exactly this to be fast. */
    static final String SEARCH_TEXT = "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || email"
            + " || ' ' || coalesce(company, '') || ' ' || coalesce(title, ''))";

    public Uni<Contact> findInOrg(String orgId, UUID id) {
        return find("id = ?1 and orgId = ?2", id, orgId).firstResult();
    }

    /**
     * The organization's contacts with these emails, read-only: changes to them are written by
     * {@link #upsertAll}, not by Hibernate's dirty checking.
     */
    public Uni<List<Contact>> findByEmails(String orgId, Collection<String> emails) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from Contact where orgId = ?1 and email in ?2", Contact.class)
                .setParameter(1, orgId).setParameter(2, emails).setReadOnly(true).getResultList());
    }

    /**
     * Writes new and changed contacts with one multi-row statement per {@value #ROWS_PER_STATEMENT} rows
     * (a bulk import is thousands of rows: per-entity inserts and updates cost several times more).
     * A row whose id exists replaces it; a new row whose email exists in the organization violates the
     * unique key, which the API answers with 409.
     */
    public Uni<Void> upsertAll(List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> upsertChunk(session, contacts, 0));
    }

    static final int ROWS_PER_STATEMENT = 500;
    private static final String[] COLUMNS = {"id", "org_id", "email", "first_name", "last_name", "company", "title",
            "linkedin_url", "status", "folder_id", "account_id", "context", "created_at", "updated_at"};
    private static final String T = "cast(? as text)"; // the client then binds every parameter as text
    private static final String[] VALUE_EXPRESSIONS = {"cast(" + T + " as uuid)", T, T, "nullif(" + T + ", '')",
            "nullif(" + T + ", '')", "nullif(" + T + ", '')", "nullif(" + T + ", '')", "nullif(" + T + ", '')", T,
            "cast(nullif(" + T + ", '') as uuid)", "cast(nullif(" + T + ", '') as uuid)", "cast(" + T + " as jsonb)",
            "cast(" + T + " as timestamptz)", "cast(" + T + " as timestamptz)"};

    private Uni<Void> upsertChunk(org.hibernate.reactive.mutiny.Mutiny.Session session, List<Contact> all, int from) {
        if (from >= all.size()) {
            return Uni.createFrom().voidItem();
        }
        List<Contact> chunk = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
        StringBuilder sql = new StringBuilder("insert into contact (").append(String.join(", ", COLUMNS)).append(") values ");
        int n = COLUMNS.length;
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "(" : ", (");
            for (int c = 0; c < n; c++) {
                sql.append(c == 0 ? "" : ", ").append(VALUE_EXPRESSIONS[c].replace("?", "?" + (i * n + c + 1)));
            }
            sql.append(')');
        }
        sql.append(" on conflict (id) do update set ");
        for (int c = 2; c < n; c++) {
            if (!COLUMNS[c].equals("created_at")) {
                sql.append(c == 2 ? "" : ", ").append(COLUMNS[c]).append(" = excluded.").append(COLUMNS[c]);
            }
        }
        var query = session.createNativeQuery(sql.toString());
        for (int i = 0; i < chunk.size(); i++) {
            Contact c = chunk.get(i);
            int p = i * n;
            query.setParameter(p + 1, c.id.toString())
                    .setParameter(p + 2, c.orgId)
                    .setParameter(p + 3, c.email)
                    .setParameter(p + 4, text(c.firstName))
                    .setParameter(p + 5, text(c.lastName))
                    .setParameter(p + 6, text(c.company))
                    .setParameter(p + 7, text(c.title))
                    .setParameter(p + 8, text(c.linkedinUrl))
                    .setParameter(p + 9, c.status)
                    .setParameter(p + 10, c.folderId == null ? "" : c.folderId.toString())
                    .setParameter(p + 11, c.accountId == null ? "" : c.accountId.toString())
                    .setParameter(p + 12, NativeSql.json(c.context))
                    .setParameter(p + 13, c.createdAt.toString())
                    .setParameter(p + 14, c.updatedAt.toString());
        }
        return query.executeUpdate().chain(() -> upsertChunk(session, all, from + chunk.size()));
    }

    /** Every parameter is bound as text (a null has no type PostgreSQL could infer in VALUES); blank is null. */
    private static String text(String value) {
        return value == null ? "" : value;
    }

    public Uni<List<Contact>> page(String orgId, Filter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        String where = where(orgId, filter, params);
        // updated_since lists in change order so a sync can resume; otherwise creation order
        String order = filter.updatedSince() != null ? " order by updated_at, id" : " order by created_at, id";
        return Panache.getSession().chain(session -> NativeSql.bind(session.createNativeQuery(
                "select * from contact where " + where + order + " limit " + page.limit() + " offset " + page.offset(),
                Contact.class), params).getResultList());
    }

    public Uni<Long> count(String orgId, Filter filter) {
        List<Object> params = new ArrayList<>();
        String where = where(orgId, filter, params);
        return Panache.getSession().chain(session -> NativeSql.bind(session.createNativeQuery(
                "select count(*) from contact where " + where, Long.class), params).getSingleResult());
    }

    private static String where(String orgId, Filter filter, List<Object> params) {
        params.add(orgId);
        StringBuilder where = new StringBuilder("org_id = ?1");
        if (filter.status() != null) {
            params.add(filter.status());
            where.append(" and status = ?").append(params.size());
        }
        if (filter.folderId() != null) {
            params.add(filter.folderId());
            where.append(" and folder_id = ?").append(params.size());
        }
        if (filter.search() != null) {
            params.add(NativeSql.containsPattern(filter.search()));
            where.append(" and ").append(SEARCH_TEXT).append(" like ?").append(params.size()).append(" escape '\\'");
        }
        if (filter.updatedSince() != null) {
            params.add(filter.updatedSince().atOffset(ZoneOffset.UTC));
            where.append(" and updated_at >= ?").append(params.size());
        }
        return where.toString();
    }

    public Uni<List<Contact>> findByIds(String orgId, Collection<UUID> ids) {
        return list("orgId = ?1 and id in ?2", orgId, ids);
    }

    /** How many contacts each of the given folders holds (folders without contacts are absent). */
    public Uni<Map<UUID, Long>> countByFolder(String orgId, Collection<UUID> folderIds) {
        if (folderIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select c.folderId, count(c) from Contact c where c.orgId = ?1 and c.folderId in ?2 group by c.folderId",
                        Object[].class)
                .setParameter(1, orgId).setParameter(2, folderIds).getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((UUID) row[0], (Long) row[1]));
                    return counts;
                });
    }

    /**
     * Links every contact of the organization whose email domain is one of the given companies' domains to
     * that company, in one statement; returns the contacts that changed.
     */
    public Uni<List<Contact>> linkToCompanies(String orgId, Collection<UUID> companyIds, Instant now) {
        if (companyIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update contact c set account_id = co.id, updated_at = ?3 from company co"
                                + " where co.org_id = ?1 and co.id = any(cast(string_to_array(?2, ',') as uuid[]))"
                                + " and c.org_id = ?1 and c.email_domain = co.domain"
                                + " and c.account_id is distinct from co.id returning c.*", Contact.class)
                .setParameter(1, orgId).setParameter(2, NativeSql.idList(companyIds))
                .setParameter(3, now.atOffset(ZoneOffset.UTC)).getResultList());
    }

    /**
     * After a company's domain changed: its contacts of other domains are unlinked and the contacts of its
     * new domain linked, in one statement; returns the contacts that changed.
     */
    public Uni<List<Contact>> relinkCompany(String orgId, UUID companyId, String domain, Instant now) {
        String target = "(case when email_domain = ?3 then cast(?2 as uuid) end)";
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update contact set account_id = " + target + ", updated_at = ?4"
                                + " where org_id = ?1 and (account_id = cast(?2 as uuid) or email_domain = ?3)"
                                + " and account_id is distinct from " + target + " returning *", Contact.class)
                .setParameter(1, orgId).setParameter(2, companyId.toString())
                .setParameter(3, domain == null ? "" : domain)
                .setParameter(4, now.atOffset(ZoneOffset.UTC)).getResultList());
    }
}
