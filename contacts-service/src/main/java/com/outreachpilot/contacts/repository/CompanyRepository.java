package com.outreachpilot.contacts.repository;

import com.outreachpilot.contacts.domain.Company;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CompanyRepository implements PanacheRepositoryBase<Company, UUID> {

    /** List filters; null means "any". {@code domain} is already normalized. */
    public record Filter(String search, String domain) {
    }

    /** The expression the trigram index covers; search must use exactly this to be fast. */
    static final String SEARCH_TEXT = "lower(coalesce(name, '') || ' ' || coalesce(domain, '') || ' ' || coalesce(industry, ''))";

    public Uni<Company> findInOrg(String orgId, UUID id) {
        return find("id = ?1 and orgId = ?2", id, orgId).firstResult();
    }

    public Uni<List<Company>> findByDomains(String orgId, Collection<String> domains) {
        if (domains.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // one array parameter: an import asks for up to a thousand domains, which as an IN list cost Hibernate
        // more than the query
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select * from company where org_id = ?1 and domain = any(cast(?2 as text[]))", Company.class)
                .setParameter(1, orgId).setParameter(2, domains.toArray(String[]::new)).getResultList());
    }

    public Uni<List<Company>> page(String orgId, Filter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        String where = where(orgId, filter, params);
        return Panache.getSession().chain(session -> NativeSql.bind(session.createNativeQuery(
                "select * from company where " + where + " order by created_at, id limit " + page.limit()
                        + " offset " + page.offset(), Company.class), params).getResultList());
    }

    public Uni<Long> count(String orgId, Filter filter) {
        List<Object> params = new ArrayList<>();
        String where = where(orgId, filter, params);
        return Panache.getSession().chain(session -> NativeSql.bind(session.createNativeQuery(
                "select count(*) from company where " + where, Long.class), params).getSingleResult());
    }

    private static String where(String orgId, Filter filter, List<Object> params) {
        params.add(orgId);
        StringBuilder where = new StringBuilder("org_id = ?1");
        if (filter.domain() != null) {
            params.add(filter.domain());
            where.append(" and domain = ?").append(params.size());
        }
        if (filter.search() != null) {
            params.add(NativeSql.containsPattern(filter.search()));
            where.append(" and ").append(SEARCH_TEXT).append(" like ?").append(params.size()).append(" escape '\\'");
        }
        return where.toString();
    }
}
