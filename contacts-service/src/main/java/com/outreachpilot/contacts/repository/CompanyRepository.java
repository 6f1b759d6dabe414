package com.outreachpilot.contacts.repository;

import com.outreachpilot.contacts.domain.Company;
import com.outreachpilot.contacts.domain.CompanyFilter;
import com.outreachpilot.platform.auth.OrgId;
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

    /** The expression the trigram index covers; search must use exactly this to be fast. */
    static final String SEARCH_TEXT = "lower(coalesce(name, '') || ' ' || coalesce(domain, '') || ' ' || coalesce(industry, ''))";

    public Uni<Company> findInOrg(OrgId orgId, UUID id) {
        return find("id = ?1 and orgId = ?2", id, orgId.toString()).firstResult();
    }

    public Uni<List<Company>> findByDomains(OrgId orgId, Collection<String> domains) {
        return byDomains(orgId, domains, "");
    }

    /**
     * As {@link #findByDomains}, and locks the rows until the transaction ends: an upsert merges the given fields
     * into what it read, so a concurrent upsert of the same company waits for it rather than overwrite it.
     */
    public Uni<List<Company>> lockByDomains(OrgId orgId, Collection<String> domains) {
        return byDomains(orgId, domains, " order by domain for update");
    }

    private Uni<List<Company>> byDomains(OrgId orgId, Collection<String> domains, String tail) {
        if (domains.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // native: one array parameter (an import asks for up to a thousand domains, which as an IN list cost
        // Hibernate more than the query) and FOR UPDATE
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select * from company where org_id = ?1 and domain = any(cast(?2 as text[]))" + tail,
                        Company.class)
                .setParameter(1, orgId.toString()).setParameter(2, domains.toArray(String[]::new)).getResultList());
    }

    public Uni<List<Company>> page(OrgId orgId, CompanyFilter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        String where = where(orgId, filter, params);
        // native: the search and the filters must be their indexes' exact expressions, which HQL would rewrite
        return Panache.getSession().chain(session -> NativeSql.bind(session.createNativeQuery(
                "select * from company where " + where + " order by created_at, id limit " + page.limit()
                        + " offset " + page.offset(), Company.class), params).getResultList());
    }

    public Uni<Long> count(OrgId orgId, CompanyFilter filter) {
        List<Object> params = new ArrayList<>();
        String where = where(orgId, filter, params);
        // native: as page()
        return Panache.getSession().chain(session -> NativeSql.bind(session.createNativeQuery(
                "select count(*) from company where " + where, Long.class), params).getSingleResult());
    }

    /** The list's WHERE clause, its parameters added to {@code params} ({@code ?1}…); package-private: tests explain it. */
    static String where(OrgId orgId, CompanyFilter filter, List<Object> params) {
        params.add(orgId.toString());
        StringBuilder where = new StringBuilder("org_id = ?1");
        if (filter.domain() != null) {
            params.add(filter.domain());
            where.append(" and domain = ?").append(params.size());
        }
        if (filter.search() != null) {
            params.add(NativeSql.containsPattern(filter.search()));
            where.append(" and ").append(SEARCH_TEXT).append(" like ?").append(params.size()).append(" escape '\\'");
        }
        if (filter.industry() != null) {
            // lower-cased by the database on both sides: the expression of company_org_industry (V10)
            params.add(filter.industry());
            where.append(" and lower(industry) = lower(?").append(params.size()).append(")");
        }
        NativeSql.contextFilters(filter.context(), where, params);
        return where.toString();
    }
}
