package com.outreachpilot.contacts.repository;

import com.outreachpilot.contacts.domain.Contact;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    public Uni<List<Contact>> findByEmails(String orgId, Collection<String> emails) {
        return list("orgId = ?1 and email in ?2", orgId, emails);
    }

    public Uni<List<Contact>> page(String orgId, Filter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        String where = where(orgId, filter, params);
        // updated_since lists in change order so a sync can resume; otherwise creation order
        String order = filter.updatedSince() != null ? " order by updated_at, id" : " order by created_at, id";
        return Panache.getSession().chain(session -> bind(session.createNativeQuery(
                "select * from contact where " + where + order + " limit " + page.limit() + " offset " + page.offset(),
                Contact.class), params).getResultList());
    }

    public Uni<Long> count(String orgId, Filter filter) {
        List<Object> params = new ArrayList<>();
        String where = where(orgId, filter, params);
        return Panache.getSession().chain(session -> bind(session.createNativeQuery(
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
            params.add("%" + escapeLike(filter.search().toLowerCase(java.util.Locale.ROOT)) + "%");
            where.append(" and ").append(SEARCH_TEXT).append(" like ?").append(params.size()).append(" escape '\\'");
        }
        if (filter.updatedSince() != null) {
            params.add(filter.updatedSince().atOffset(ZoneOffset.UTC));
            where.append(" and updated_at >= ?").append(params.size());
        }
        return where.toString();
    }

    /** {@code %}, {@code _} and the escape character itself match literally. */
    static String escapeLike(String term) {
        return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static <T> Mutiny.SelectionQuery<T> bind(Mutiny.SelectionQuery<T> query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query;
    }
}
