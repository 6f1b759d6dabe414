package com.outreachpilot.contacts.repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.outreachpilot.platform.concurrency.LocalCaches;
import com.outreachpilot.contacts.domain.Contact;
import com.outreachpilot.contacts.domain.ContactFilter;
import com.outreachpilot.contacts.domain.ContactPosition;
import com.outreachpilot.contacts.domain.Total;
import com.outreachpilot.platform.auth.OrgId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<Contact, UUID> {

    @Inject
    ContactTableMaintenance maintenance;

    @Inject
    com.outreachpilot.contacts.config.ContactsConfig config;

    @Inject
    SearchTrigrams trigrams;

    /** The stored, lower-case names, email, company and title the trigram index covers (V7). */
    static final String SEARCH_TEXT = "search_text";

    /**
     * Filtered totals by organization and filter, each with the organization's contact version it was counted
     * at: exact while that version holds (paging through one search counts it once), recounted after any write.
     */
    private final Cache<CountKey, CountedTotal> totals = LocalCaches.builder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    private record CountKey(OrgId orgId, ContactFilter filter) {
    }

    private record CountedTotal(long version, Total total) {
    }

    public Uni<Contact> findInOrg(OrgId orgId, UUID id) {
        return find("id = ?1 and orgId = ?2", id, orgId.toString()).firstResult();
    }

    /**
     * The organization's contacts with these emails, read-only: changes to them are written by
     * {@link #writeAll}, not by Hibernate's dirty checking.
     */
    public Uni<List<Contact>> findByEmails(OrgId orgId, Collection<String> emails) {
        return byEmails(orgId, emails, "");
    }

    /**
     * As {@link #findByEmails}, and locks the rows until the transaction ends: an upsert merges the given fields
     * into what it read, so a concurrent update or delete must wait for it rather than be overwritten or undone.
     * One statement locks them all, in one order for everyone, so two imports never wait on each other in a cycle.
     */
    public Uni<List<Contact>> lockByEmails(OrgId orgId, Collection<String> emails) {
        return byEmails(orgId, emails, " for update");
    }

    private Uni<List<Contact>> byEmails(OrgId orgId, Collection<String> emails, String lock) {
        // the unique key's expression (V8): only that index can answer it, whatever the organization's estimate
        String[] keys = emails.stream().map(email -> orgId + " " + email).toArray(String[]::new);
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select * from contact where (org_id || ' ' || email) = any(cast(?1 as text[]))"
                        + lock, Contact.class)
                .setParameter(1, keys).setReadOnly(true).getResultList());
    }

    /**
     * Writes contacts with one multi-row statement per {@value #ROWS_PER_STATEMENT} rows (a bulk import is
     * thousands of rows: per-entity inserts and updates cost several times more). {@code existing} rows
     * (read with {@link #lockByEmails}) replace the stored ones; {@code created} rows are plain inserts (no ON
     * CONFLICT: speculative insertion costs every new row an extra WAL record and conflict check), and one whose
     * email a concurrent request just created violates the unique key (an upsert then retries and updates it).
     */
    public Uni<Void> writeAll(List<Contact> existing, List<Contact> created) {
        if (existing.isEmpty() && created.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        maintenance.written(existing.size() + created.size());
        return Panache.getSession().chain(session -> writeChunk(session, UPDATE, existing, 0)
                .chain(() -> writeChunk(session, INSERT, created, 0)));
    }

    static final int ROWS_PER_STATEMENT = 500;
    private static final String[] COLUMNS = {"id", "org_id", "email", "first_name", "last_name", "company", "title",
            "linkedin_url", "status", "folder_id", "account_id", "context", "created_at", "updated_at"};
    /** One statement for a whole chunk: a text array per column, unnested into rows. */
    private static final String INSERT = "insert into contact (id, org_id, email, first_name, last_name, company, title, linkedin_url, status, folder_id, account_id, context, created_at, updated_at) select cast(u.id as uuid), u.org_id, u.email, u.first_name, u.last_name, u.company, u.title, u.linkedin_url, u.status, cast(u.folder_id as uuid), cast(u.account_id as uuid), cast(u.context as jsonb), cast(u.created_at as timestamptz), cast(u.updated_at as timestamptz)"
            + " from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]), cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]), cast(?8 as text[]), cast(?9 as text[]), cast(?10 as text[]), cast(?11 as text[]), cast(?12 as text[]), cast(?13 as text[]), cast(?14 as text[])) as u(id, org_id, email, first_name, last_name, company, title, linkedin_url, status, folder_id, account_id, context, created_at, updated_at)";
    /** Replaces stored rows by id (an UPDATE joined to the unnested chunk: no speculative insertion first). */
    private static final String UPDATE = "update contact c set email = u.email, first_name = u.first_name, last_name = u.last_name, company = u.company, title = u.title, linkedin_url = u.linkedin_url, status = u.status, folder_id = cast(u.folder_id as uuid), account_id = cast(u.account_id as uuid), context = cast(u.context as jsonb), updated_at = cast(u.updated_at as timestamptz)"
            + " from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]), cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[]), cast(?8 as text[]), cast(?9 as text[]), cast(?10 as text[]), cast(?11 as text[]), cast(?12 as text[]), cast(?13 as text[]), cast(?14 as text[])) as u(id, org_id, email, first_name, last_name, company, title, linkedin_url, status, folder_id, account_id, context, created_at, updated_at)"
            + " where c.id = cast(u.id as uuid) and c.org_id = u.org_id";

    private Uni<Void> writeChunk(Mutiny.Session session, String sql, List<Contact> all,
                                 int from) {
        if (from >= all.size()) {
            return Uni.createFrom().voidItem();
        }
        List<Contact> chunk = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
        int n = COLUMNS.length;
        String[][] columns = new String[n][chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            Contact c = chunk.get(i);
            columns[0][i] = c.id.toString();
            columns[1][i] = c.orgId;
            columns[2][i] = c.email;
            columns[3][i] = c.firstName;
            columns[4][i] = c.lastName;
            columns[5][i] = c.company;
            columns[6][i] = c.title;
            columns[7][i] = c.linkedinUrl;
            columns[8][i] = c.status;
            columns[9][i] = c.folderId == null ? null : c.folderId.toString();
            columns[10][i] = c.accountId == null ? null : c.accountId.toString();
            columns[11][i] = NativeSql.json(c.context);
            columns[12][i] = c.createdAt.toString();
            columns[13][i] = c.updatedAt.toString();
        }
        var query = session.createNativeQuery(sql);
        for (int c = 0; c < n; c++) {
            query.setParameter(c + 1, columns[c]);
        }
        return query.executeUpdate().chain(() -> writeChunk(session, sql, all, from + chunk.size()));
    }


    /** From this offset on, an unfiltered page nearer the end of the list than its start is read from the end. */
    static final int FROM_THE_END_AFTER = 1_000;

    /**
     * {@code limit} rows in the list's order from {@code offset}, counted right after {@code after} when given;
     * {@code matches} is the list's total (exact or estimated), which decides how a search finds its page.
     */
    public Uni<List<Contact>> page(OrgId orgId, ContactFilter filter, int limit, int offset, ContactPosition after,
                                   long matches) {
        if (after == null && filter.isEmpty() && offset > FROM_THE_END_AFTER) {
            return Panache.getSession().chain(session -> orgCounts(session, orgId).chain(counts -> counts[0] - offset < offset
                    ? fromTheEnd(session, orgId, limit, offset)
                    : fromTheStart(session, orgId, filter, limit, offset, null, 0)));
        }
        if (filter.search() != null && matches > 0) {
            return Panache.getSession().chain(session -> orgCounts(session, orgId).chain(counts -> {
                if (!walkInOrder(limit + offset, counts[0], matches)) {
                    return fromTheStart(session, orgId, filter, limit, offset, after, 0);
                }
                // three times the rows the matches' share says hold the page; a window that held too few (the
                // share was an estimate) is read again the ordinary way, so a page is never short
                long window = Math.min(counts[0], 3 * ((long) limit + offset) * counts[0] / matches + 100);
                return fromTheStart(session, orgId, filter, limit, offset, after, window).chain(rows ->
                        rows.size() < limit && window < counts[0] ? fromTheStart(session, orgId, filter, limit, offset, after, 0) : Uni.createFrom().item(rows));
            }));
        }
        return Panache.getSession().chain(session -> fromTheStart(session, orgId, filter, limit, offset, after, 0));
    }

    /**
     * Whether a search's page is found sooner by walking the organization's rows in list order, checking each, than
     * by asking the trigram index for every match and sorting them. The walk reads about {@code rows × contacts /
     * matches} rows, which sit together (~10 to a table page, imported together); the index's matches are spread
     * over as many pages as there are matches. At 1,000,000 contacts the name `jürgen o'brien` (7,143 matches) read
     * 7,143 pages through the index, 64–111 ms, whenever the planner's estimate from a fresh ANALYZE put it at 99
     * matches; walking, 7–14 ms. So: walk when it reads fewer pages, whatever the statistics say. The walk is a
     * window: the first rows of the list without its search (an ordered LIMIT, which the planner takes from the
     * (org, order) index), the search checked on those only.
     */
    static boolean walkInOrder(long rows, long contacts, long matches) {
        return matches > 0 && (double) rows * contacts / matches / 10 < matches;
    }

    /** The page; with a {@code window} above 0, the search is checked on that many first rows of the list only. */
    private Uni<List<Contact>> fromTheStart(Mutiny.Session session, OrgId orgId, ContactFilter filter, int limit,
                                            int offset, ContactPosition after, long window) {
        List<Object> params = new ArrayList<>();
        ContactFilter listed = window > 0 ? filter.withoutSearch() : filter;
        String where = where(orgId.toString(), listed, trigrams.frequent(), params);
        // updated_since lists in change order so a sync can resume; otherwise creation order
        String sort = filter.updatedSince() != null ? "updated_at" : "created_at";
        if (after != null) {
            // a row comparison on the (org, order, id) indexes: the next page starts where the last one ended
            params.add(after.at().atOffset(ZoneOffset.UTC));
            params.add(after.id());
            where += " and (" + sort + ", id) > (?" + (params.size() - 1) + ", ?" + params.size() + ")";
        }
        // the page's ids first, then only those rows: skipping the offset walks the (org, order) index alone,
        // so a deep offset does not fetch every row it skips
        String ids = "select id from contact where " + where + " order by " + sort + ", id limit " + limit
                + " offset " + offset;
        if (window > 0) {
            params.add(NativeSql.literalContains(filter.search().toLowerCase(Locale.ROOT)));
            ids = windowIds(where, sort, window, params.size(), limit, offset);
        }
        return NativeSql.bind(session.createNativeQuery(
                "select c.* from contact c join (" + ids + ") p on p.id = c.id order by c." + sort + ", c.id",
                Contact.class), params).getResultList();
    }

    /**
     * The same page of the unfiltered list, skipping from the end: the index walked backwards, past the rows after
     * the page only (offset 999,500 of 1,000,000 skips 300 rows, not 999,500). The organization's count is read in
     * the same statement, so the page is exactly the one counted from the start in that snapshot.
     */
    private Uni<List<Contact>> fromTheEnd(Mutiny.Session session, OrgId orgId, int limit, int offset) {
        // native: the row count of contact_org_delta (trigger-written, V8) and a LIMIT/OFFSET computed from it
        return session.createNativeQuery("with n as (select coalesce(sum(contacts), 0) as total from contact_org_delta"
                        + " where org_id = ?1)"
                        // the page's ids as an array: a LIMIT computed in the query is unknown to the planner, which
                        // took it for 10 % of the organization and merge-joined the whole primary key (2.2 s at 2.9
                        // million rows); by id they are 200 index lookups
                        + " select c.* from contact c where c.id = any(array(select id from contact where org_id = ?1"
                        + " order by created_at desc, id desc"
                        + " limit (select greatest(least(?2, total - ?3), 0) from n)"
                        + " offset (select greatest(total - ?3 - ?2, 0) from n)))"
                        + " order by c.created_at, c.id", Contact.class)
                .setParameter(1, orgId.toString()).setParameter(2, (long) limit).setParameter(3, (long) offset)
                .getResultList();
    }

    /**
     * A page's ids found in a window: the first {@code window} rows of the list without its search ({@code where}),
     * in order, then the search (parameter {@code searchParam}) checked on those; package-private: tests explain it.
     */
    static String windowIds(String where, String sort, long window, int searchParam, int limit, int offset) {
        return "select id from (select id, " + sort + ", " + SEARCH_TEXT + " from contact where " + where
                + " order by " + sort + ", id limit " + window + ") w where " + SEARCH_TEXT + " like ?" + searchParam
                + " escape '\\' order by " + sort + ", id limit " + limit + " offset " + offset;
    }

    /** The organization's contact count and version (the sums of its trigger-written deltas, V8). */
    private static Uni<long[]> orgCounts(Mutiny.Session session, OrgId orgId) {
        // native: contact_org_delta is a table of trigger-written deltas (V8), not an entity
        return session.createNativeQuery("select coalesce(sum(contacts), 0), coalesce(sum(changes), 0)"
                        + " from contact_org_delta where org_id = ?1", Object[].class)
                .setParameter(1, orgId.toString()).getResultList()
                .map(rows -> rows.isEmpty() ? new long[]{0, 0}
                        : new long[]{((Number) rows.get(0)[0]).longValue(), ((Number) rows.get(0)[1]).longValue()});
    }

    /**
     * The list's total: the organization's contact count (kept by triggers) when unfiltered; otherwise the matches
     * counted up to {@code contacts.totals.exact-up-to}, and past that an estimate from a block sample of the table
     * (its rows matching the same filter, scaled up). The sample comes first when the organization is larger than
     * the cap: when it already shows the filter surely matching over the cap, nothing is counted. Cached per
     * organization version, so paging through one search counts it once and any write recounts.
     */
    public Uni<Total> count(OrgId orgId, ContactFilter filter) {
        return Panache.getSession().chain(session -> orgCounts(session, orgId)
                .chain(counts -> {
                    long contacts = counts[0];
                    long version = counts[1];
                    if (filter.isEmpty()) {
                        return Uni.createFrom().item(Total.exact(contacts)); // kept by triggers in every writing statement (V8)
                    }
                    CountKey key = new CountKey(orgId, filter);
                    CountedTotal cached = totals.getIfPresent(key);
                    if (cached != null && cached.version() == version) {
                        return Uni.createFrom().item(cached.total());
                    }
                    List<Object> params = new ArrayList<>();
                    String where = where(orgId.toString(), filter, trigrams.frequent(), params);
                    long cap = config.totals().exactUpTo();
                    // counted after the version was read: a write committing in between raises the version,
                    // so this total is never served for a later state than it saw
                    if (contacts <= cap) { // most organizations: every total is a count
                        return cappedCount(session, where, params, cap).map(Total::exact)
                                .invoke(total -> totals.put(key, new CountedTotal(version, total)));
                    }
                    // a broad filter is recognized from the sample alone; a narrow one is counted exactly
                    return sample(session, where, params, contacts)
                            .chain(sample -> sample.decisive(cap)
                                    ? Uni.createFrom().item(sample.total(cap))
                                    : cappedCount(session, where, params, cap).map(counted -> counted <= cap
                                            ? Total.exact(counted) : sample.total(cap)))
                            .invoke(total -> totals.put(key, new CountedTotal(version, total)));
                }));
    }

    /**
     * The matches, counted up to {@code cap + 1}. Through the organization's indexes as a bitmap (in a transaction
     * of its own, so the setting ends with it): with a LIMIT the planner otherwise prefers reading the table in order
     * until enough rows match, which for an organization whose rows sit late in a large table reads most of it
     * (measured: 160,000 rows read for 20,000 matches, 100–550 ms). Only filters the sample did not find broad get
     * here, so the bitmap stays small.
     */
    private Uni<Long> cappedCount(Mutiny.Session session, String where, List<Object> params, long cap) {
        Uni<Long> count = Uni.createFrom().deferred(() -> NativeSql.bind(session.createNativeQuery(
                "select count(*) from (select 1 from contact where " + where + " limit " + (cap + 1) + ") matches",
                Long.class), params).getSingleResult());
        if (session.currentTransaction() != null) {
            return count; // inside a caller's transaction the settings would outlive the count: plain count
        }
        return session.withTransaction(tx -> session.createNativeQuery("set local enable_seqscan = off").executeUpdate()
                .chain(() -> session.createNativeQuery("set local enable_indexscan = off").executeUpdate())
                .chain(() -> count));
    }

    /**
     * The matches among the organization's rows in a block sample of about {@code contacts.totals.sample-rows} rows of
     * the table, and how many of its rows the sample holds. The sample is the same blocks each time
     * ({@code REPEATABLE}): they stay in the buffer cache, so it costs a few milliseconds (a fresh random sample read
     * ~550 blocks from disk each time, 35–40 ms), and one question gets one estimate.
     */
    private Uni<Sample> sample(Mutiny.Session session, String where, List<Object> params, long contacts) {
        return session.createNativeQuery("select cast(greatest(reltuples, 0) as bigint) from pg_class"
                        + " where oid = to_regclass('contact')", Long.class).getSingleResult()
                .chain(tableRows -> {
                    double rows = Math.max(tableRows, contacts);
                    double percent = Math.min(100, Math.max(0.001, 100.0 * config.totals().sampleRows() / Math.max(1, rows)));
                    String sample = String.format(Locale.ROOT, "%.4f", percent);
                    // ?1 is the organization in every list's WHERE clause
                    return NativeSql.bind(session.createNativeQuery("select count(*) filter (where " + where + "),"
                                    + " count(*) from contact tablesample system (" + sample + ") repeatable (0)"
                                    + " where org_id = ?1", Object[].class), params).getSingleResult()
                            .map(row -> new Sample(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                                    contacts));
                });
    }

    /**
     * {@code hits} of the organization's {@code sampled} rows in a block sample matched; it has {@code contacts}. The
     * estimate is the matching share of its sampled rows, times its contacts (counted by triggers, exact): scaling by
     * the sample's share of the table instead would add the error of how many of its blocks the sample happened to
     * take (an organization of 100,000 contacts fills ~60 of a 1.3 % sample's blocks: ±13 %, seen 25 % off).
     */
    record Sample(long hits, long sampled, long contacts) {

        /** Sampled matches below this are too few to tell a broad filter from a narrow one at all. */
        static final long TRUSTED_HITS = 30;

        long scaled() {
            return sampled == 0 ? 0 : Math.round((double) hits * contacts / sampled);
        }

        /**
         * Enough matches sampled to say the filter matches over {@code cap}: counting would be wasted. The sampled
         * matches less four standard deviations (a Poisson count's is its square root), scaled up, must still be over
         * the cap: a filter matching no more than the cap shows that few more matches about once in 30,000 samples,
         * and the more matches the sample holds, the closer to the cap it can decide (at 100 sampled: over 1.7 times
         * the cap; at 400: over 1.25 times).
         */
        boolean decisive(long cap) {
            return hits >= TRUSTED_HITS && (hits - 4 * Math.sqrt(hits)) * contacts / sampled > cap;
        }

        /** The estimate, kept between {@code cap + 1} (more than that matched) and the organization's contacts. */
        Total total(long cap) {
            return Total.estimate(Math.min(contacts, Math.max(cap + 1, scaled())));
        }
    }

    /**
     * The list's WHERE clause, its parameters added to {@code params} ({@code ?1}…); package-private: tests explain it.
     * A search asks the trigram index for the term's pieces between {@code frequentTrigrams} ({@link SearchTrigrams})
     * and checks the whole term on what they find, in a form the index is not asked for.
     */
    static String where(String orgId, ContactFilter filter, Set<String> frequentTrigrams, List<Object> params) {
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
            String term = filter.search().toLowerCase(Locale.ROOT);
            List<String> pieces = SearchTrigrams.indexPieces(term, frequentTrigrams);
            for (String piece : pieces) {
                params.add(NativeSql.literalContains(piece));
                where.append(" and ").append(SEARCH_TEXT).append(" like ?").append(params.size()).append(" escape '\\'");
            }
            params.add(NativeSql.literalContains(term));
            // with pieces asked of the index, the whole term is an expression the index is not on: a filter
            where.append(" and ").append(pieces.isEmpty() ? SEARCH_TEXT : "(" + SEARCH_TEXT + " || '')")
                    .append(" like ?").append(params.size()).append(" escape '\\'");
        }
        if (filter.updatedSince() != null) {
            params.add(filter.updatedSince().atOffset(ZoneOffset.UTC));
            where.append(" and updated_at >= ?").append(params.size());
        }
        if (filter.accountId() != null) {
            params.add(filter.accountId());
            where.append(" and account_id = ?").append(params.size());
        }
        if (filter.title() != null) {
            // both sides lower-cased by the database: the expression of the title's trigram index (V10)
            if (hasTrigram(filter.title())) {
                params.add(NativeSql.literalContains(filter.title()));
                where.append(" and lower(title) like lower(?").append(params.size()).append(") escape '\\'");
            } else {
                // no three letters or digits in a row: the trigram index has nothing to look up and would read
                // every organization's entries (counting "vp" in 15,000 of 300,000 contacts: ~120 ms); this form
                // it cannot serve, so only the organization's rows are read (~20 ms)
                params.add(filter.title());
                where.append(" and strpos(lower(title), lower(?").append(params.size()).append(")) > 0");
            }
        }
        NativeSql.contextFilters(filter.context(), where, params);
        return where.toString();
    }

    /** Whether a text has three letters or digits in a row: at least one trigram a title index can look up. */
    static boolean hasTrigram(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            run = Character.isLetterOrDigit(text.codePointAt(i)) ? run + 1 : 0;
            if (run == 3) {
                return true;
            }
        }
        return false;
    }

    public Uni<List<Contact>> findByIds(OrgId orgId, Collection<UUID> ids) {
        return list("orgId = ?1 and id in ?2", orgId.toString(), ids);
    }

    /** How many contacts each of the given folders holds (folders without contacts are absent). */
    public Uni<Map<UUID, Long>> countByFolder(OrgId orgId, Collection<UUID> folderIds) {
        if (folderIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select c.folderId, count(c) from Contact c where c.orgId = ?1 and c.folderId in ?2 group by c.folderId",
                        Object[].class)
                .setParameter(1, orgId.toString()).setParameter(2, folderIds).getResultList())
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
    public Uni<List<Contact>> linkToCompanies(OrgId orgId, Collection<UUID> companyIds, Instant now) {
        if (companyIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // native: one UPDATE … FROM … RETURNING for all linked contacts, which HQL cannot write
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update contact c set account_id = co.id, updated_at = ?3 from company co"
                                + " where co.org_id = ?1 and co.id = any(cast(string_to_array(?2, ',') as uuid[]))"
                                + " and c.org_id = ?1 and c.email_domain = co.domain"
                                + " and c.account_id is distinct from co.id returning c.*", Contact.class)
                .setParameter(1, orgId.toString()).setParameter(2, NativeSql.idList(companyIds))
                .setParameter(3, now.atOffset(ZoneOffset.UTC)).getResultList());
    }

    /** Unlinks every contact of a company about to be deleted, in one statement; returns the contacts that changed. */
    public Uni<List<Contact>> unlinkCompany(OrgId orgId, UUID companyId, Instant now) {
        // native: UPDATE … RETURNING the changed rows, which HQL cannot write
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update contact set account_id = null, updated_at = ?3 where org_id = ?1"
                                + " and account_id = cast(?2 as uuid) returning *", Contact.class)
                .setParameter(1, orgId.toString()).setParameter(2, companyId.toString())
                .setParameter(3, now.atOffset(ZoneOffset.UTC)).getResultList());
    }

    /**
     * After a company's domain changed: its contacts of other domains are unlinked and the contacts of its
     * new domain linked, in one statement; returns the contacts that changed.
     */
    public Uni<List<Contact>> relinkCompany(OrgId orgId, UUID companyId, String domain, Instant now) {
        String target = "(case when email_domain = ?3 then cast(?2 as uuid) end)";
        // native: UPDATE … RETURNING the changed rows, on the generated email_domain column
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update contact set account_id = " + target + ", updated_at = ?4"
                                + " where org_id = ?1 and (account_id = cast(?2 as uuid) or email_domain = ?3)"
                                + " and account_id is distinct from " + target + " returning *", Contact.class)
                .setParameter(1, orgId.toString()).setParameter(2, companyId.toString())
                .setParameter(3, domain == null ? "" : domain)
                .setParameter(4, now.atOffset(ZoneOffset.UTC)).getResultList());
    }

    /**
     * Deletes everything of an organization, in the caller's transaction: its contacts (the count triggers add a
     * delta), then every count delta, its companies and its folders. Native statements: one each, whatever the
     * organization's size, where Panache would load every entity first.
     */
    public Uni<Void> deleteOrganization(OrgId orgId) {
        String org = orgId.toString();
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("delete from contact where org_id = ?1").setParameter(1, org).executeUpdate()
                        .chain(() -> session.createNativeQuery("delete from contact_org_delta where org_id = ?1")
                                .setParameter(1, org).executeUpdate())
                        .chain(() -> session.createNativeQuery("delete from company where org_id = ?1")
                                .setParameter(1, org).executeUpdate())
                        .chain(() -> session.createNativeQuery("delete from folder where org_id = ?1")
                                .setParameter(1, org).executeUpdate()))
                .replaceWithVoid();
    }
}
