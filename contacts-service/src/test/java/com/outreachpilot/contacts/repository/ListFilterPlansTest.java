package com.outreachpilot.contacts.repository;

import com.outreachpilot.contacts.domain.CompanyFilter;
import com.outreachpilot.contacts.domain.ContactFilter;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The list filters' SQL, exactly as the repositories write it, is answered by the indexes V10 made for it: the
 * filter expressions must be the indexes' expressions. Sequential scans are off in this session, so a plan
 * without the index would show that it cannot be used; an organization of 2,000 contacts of which a handful
 * match makes the index the cheapest way in.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ListFilterPlansTest {

    @jakarta.inject.Inject
    SearchTrigrams trigrams;

    /**
     * Once most rows of the table share a word, a search is asked of the trigram index by its uncommon pieces only,
     * and finds exactly the contacts the whole term matches.
     */
    @Test
    void aSearchAsksTheIndexForItsUncommonPiecesAndFindsWhatTheWholeTermMatches() throws Exception {
        String org = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl()); Statement s = c.createStatement()) {
            long existing;
            try (ResultSet rs = s.executeQuery("select count(*) from contacts.contact")) {
                rs.next();
                existing = rs.getLong(1);
            }
            // more than every other row of the table together: "qzperson" is in most rows
            try (PreparedStatement contacts = c.prepareStatement("insert into contacts.contact"
                    + " (id, org_id, email, created_at, updated_at) select gen_random_uuid(), ?, 'qzperson' || i || '@qz.io',"
                    + " now() - i * interval '1 second', now() from generate_series(1, ?) i")) {
                contacts.setString(1, org);
                contacts.setLong(2, Math.max(3_000, existing + 1_000));
                contacts.executeUpdate();
            }
            try {
                s.execute("analyze contacts.contact");
                trigrams.refresh(50).await().indefinitely();
                assertTrue(trigrams.frequent().containsAll(java.util.Set.of("qzp", "zpe", "son")),
                        "the sample found the shared word: " + trigrams.frequent());
                s.execute("set search_path = contacts");
                s.execute("set enable_seqscan = off");
                for (String term : List.of("qzperson1234@", "QZPERSON123", "son12", "qzperson")) {
                    List<Object> params = new ArrayList<>();
                    String where = ContactRepository.where(org, search(term), trigrams.frequent(), params);
                    String lowered = term.toLowerCase(java.util.Locale.ROOT);
                    List<String> expected = emails(c, "select email from contact where org_id = ? and search_text like ?"
                            + " order by email", List.of(org, "%" + lowered + "%"));
                    assertEquals(expected, emails(c, "select email from contact where " + where + " order by email",
                            params), "the contacts found for " + term);
                    assertTrue(!expected.isEmpty(), "a term of the test matches");
                    String plan = plan(c, "select id from contact where " + where, params);
                    if (lowered.equals("qzperson")) {
                        assertTrue(!where.contains("|| ''"), "a term of common trigrams only is asked whole: " + where);
                    } else {
                        String pattern = "'%" + lowered + "%'";
                        assertTrue(plan.lines().noneMatch(line -> line.contains("Cond:") && line.contains(pattern))
                                        && plan.lines().anyMatch(line -> line.contains("Filter:") && line.contains(pattern)),
                                "the whole term is checked on the rows found, never asked of an index:\n" + plan);
                    }
                }
                // a broad term's page read from a window of the list's first rows, in order: the same first
                // matches, through the (org, created) index (the seq scan is off as above: the test's table is tiny),
                // the term only a filter on the window
                for (String term : List.of("qz.io", "0@qz")) {
                    List<Object> walked = new ArrayList<>();
                    String where = ContactRepository.where(org, search(null), trigrams.frequent(), walked);
                    walked.add("%" + term + "%");
                    String ids = ContactRepository.windowIds(where, "created_at", 2_000, walked.size(), 51, 0);
                    List<String> expected = emails(c, "select email from contact where org_id = ? and search_text like ?"
                            + " order by created_at, id limit 51", List.of(org, "%" + term + "%"));
                    assertEquals(51, expected.size());
                    assertEquals(expected, emails(c, "select c.email from contact c join (" + ids + ") p on p.id = c.id"
                            + " order by c.created_at, c.id", walked), "the first contacts a window finds for " + term);
                    String plan = plan(c, ids, walked);
                    assertTrue(plan.contains("contact_org_created") && !plan.contains("Bitmap")
                                    && plan.lines().noneMatch(line -> line.contains("Cond:") && line.contains("search_text")),
                            "walked in order, the term a filter:\n" + plan);
                }
                List<Object> params = new ArrayList<>();
                ContactRepository.where(org, search("qzperson1234@"), trigrams.frequent(), params);
                assertEquals(List.of(org, "%on1234@%", "%qzperson1234@%"), params, "the piece asked for, then the term");
            } finally {
                try (PreparedStatement delete = c.prepareStatement("delete from contacts.contact where org_id = ?")) {
                    delete.setString(1, org);
                    delete.executeUpdate();
                }
                trigrams.refresh(50).await().indefinitely();
            }
        }
    }

    private static ContactFilter search(String term) {
        return new ContactFilter(null, null, term, null, null, null, Map.of());
    }

    private static List<String> emails(Connection c, String sql, List<Object> params) throws Exception {
        List<String> emails = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(sql.replaceAll("\\?\\d+", "?"))) {
            for (int i = 0; i < params.size(); i++) {
                query.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    emails.add(rs.getString(1));
                }
            }
        }
        return emails;
    }

    @Test
    void theNewFiltersAreAnsweredByTheirIndexes() throws Exception {
        String org = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl())) {
            try (PreparedStatement companies = c.prepareStatement("insert into contacts.company"
                    + " (id, org_id, name, domain, industry, context, created_at, updated_at)"
                    + " select gen_random_uuid(), ?, 'Co ' || i, 'plan' || i || '.io',"
                    + " case when i = 7 then 'FinTech' else 'Software' end,"
                    + " case when i = 7 then '{\"hq\": \"New York\"}'::jsonb else jsonb_build_object('hq', 'Berlin', 'n', i) end,"
                    + " now(), now() from generate_series(1, 200) i")) {
                companies.setString(1, org);
                companies.executeUpdate();
            }
            try (PreparedStatement contacts = c.prepareStatement("insert into contacts.contact"
                    + " (id, org_id, email, title, account_id, context, created_at, updated_at)"
                    + " select gen_random_uuid(), ?, 'p' || i || '@plan.io',"
                    + " case when i % 500 = 0 then 'VP of Sales' else 'Engineer' end,"
                    + " case when i % 400 = 0 then (select id from contacts.company where org_id = ? and industry = 'FinTech') end,"
                    + " case when i % 500 = 0 then '{\"city\": \"New York\"}'::jsonb else jsonb_build_object('city', 'Berlin', 'n', i) end,"
                    + " now() - i * interval '1 second', now() from generate_series(1, 2000) i")) {
                contacts.setString(1, org);
                contacts.setString(2, org);
                contacts.executeUpdate();
            }
            UUID account;
            try (Statement s = c.createStatement()) {
                s.execute("analyze contacts.contact");
                s.execute("analyze contacts.company");
                s.execute("set search_path = contacts");
                s.execute("set enable_seqscan = off");
                try (ResultSet rs = s.executeQuery("select id from company where org_id = '" + org
                        + "' and industry = 'FinTech'")) {
                    rs.next();
                    account = rs.getObject(1, UUID.class);
                }
            }

            List<Object> params = new ArrayList<>();
            String where = ContactRepository.where(org, contacts(null, Map.of("city", "NEW YORK")), java.util.Set.of(), params);
            assertUses(c, "select count(*) from contact where " + where, params, "contact_org_context");

            params = new ArrayList<>();
            where = ContactRepository.where(org, contacts(account, Map.of()), java.util.Set.of(), params);
            // either account index answers it: the organization's in list order (V10) or the foreign key's (V2)
            assertUses(c, "select count(*) from contact where " + where, params, "contact_org_account",
                    "contact_account");
            assertUses(c, "select id from contact where " + where + " order by created_at, id limit 50", params,
                    "contact_org_account", "contact_account");

            params = new ArrayList<>();
            where = CompanyRepository.where(OrgId.of(org), new CompanyFilter(null, null, "fintech", Map.of()), params);
            assertUses(c, "select count(*) from company where " + where, params, "company_org_industry");

            params = new ArrayList<>();
            where = CompanyRepository.where(OrgId.of(org), new CompanyFilter(null, null, null, Map.of("hq", "new york")),
                    params);
            assertUses(c, "select count(*) from company where " + where, params, "company_org_context");
        }
    }

    private static ContactFilter contacts(UUID account, Map<String, String> context) {
        return new ContactFilter(null, null, null, null, account, null, context);
    }

    /** EXPLAINs the query with the repository's numbered parameters bound; the plan must name one of the indexes. */
    private static void assertUses(Connection c, String sql, List<Object> params, String... indexes) throws Exception {
        String plan = plan(c, sql, params);
        assertTrue(java.util.Arrays.stream(indexes).anyMatch(index -> plan.contains(index + " ")),
                "expected one of " + List.of(indexes) + " in the plan of " + sql + ":\n" + plan);
    }

    private static String plan(Connection c, String sql, List<Object> params) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = c.prepareStatement("explain " + sql.replaceAll("\\?\\d+", "?"))) {
            for (int i = 0; i < params.size(); i++) {
                explain.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
