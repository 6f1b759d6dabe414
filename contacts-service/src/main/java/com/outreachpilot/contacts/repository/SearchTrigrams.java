package com.outreachpilot.contacts.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the trigram index is asked for when a contact list is searched. The index (V7) keeps, per trigram, the rows
 * of the whole table holding it, and a search reads every one of its trigrams' lists in full: a trigram in most rows
 * (the {@code com} of {@code .com}, or a word every email shares) costs as much as reading the table's worth of
 * entries (~400 index pages per million rows) while removing almost no candidate. So the index is asked only for
 * the pieces of the term between such trigrams, and the whole term is then checked on the few rows those pieces
 * find: the same rows, because every piece is a substring of the term (measured at 1,000,000 contacts:
 * {@code person4242@} 41–62 ms as one pattern, 10–16 ms asked as {@code on4242@}).
 * <p>
 * Which trigrams are that common is learned from a block sample of the table's search text (a few thousand rows),
 * again after bulk writes and every few minutes ({@link ContactTableMaintenance}); until then every term is asked
 * whole, as before.
 */
@ApplicationScoped
public class SearchTrigrams {

    private static final Logger LOG = Logger.getLogger(SearchTrigrams.class);

    /** A trigram in at least this share of the rows is not asked of the index: it at most halves the candidates. */
    static final double FREQUENT = 0.5;
    /** Rows sampled to find them. */
    static final long SAMPLE_ROWS = 5_000;
    /** Below this many rows sampled the table is small enough that every term is asked whole. */
    static final long MIN_SAMPLED = 1_000;

    @Inject
    Pool pool;

    private volatile Set<String> frequent = Set.of();
    /** Refreshes in the order they started: one that began earlier never replaces a later one's answer. */
    private final java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();
    private long applied;

    /** The trigrams found in at least half the rows at the last refresh (empty before the first). */
    public Set<String> frequent() {
        return frequent;
    }

    /** Samples the table again; failures keep the last answer. */
    public Uni<Void> refresh() {
        return refresh(MIN_SAMPLED);
    }

    Uni<Void> refresh(long minSampled) {
        long ticket = started.incrementAndGet();
        // the SQL client: a background statement outside any request; show_trgm is pg_trgm's own extraction
        return pool.query("select cast(greatest(reltuples, 0) as bigint) from pg_class where oid = to_regclass('contact')")
                .execute()
                .chain(rows -> {
                    long tableRows = rows.iterator().next().getLong(0);
                    double percent = Math.min(100, Math.max(0.001, 100.0 * SAMPLE_ROWS / Math.max(1, tableRows)));
                    String sample = String.format(Locale.ROOT, "%.4f", percent);
                    return pool.preparedQuery("with s as materialized (select search_text from contact"
                                    + " tablesample system (" + sample + ") repeatable (0)),"
                                    + " n as (select count(*) as sampled from s)"
                                    + " select t, (select sampled from n) from s, unnest(show_trgm(s.search_text)) t"
                                    + " group by t having count(*) >= cast($1 as float8) * (select sampled from n)")
                            .execute(Tuple.of(FREQUENT));
                })
                .invoke(rows -> {
                    Set<String> found = new HashSet<>();
                    long sampled = 0;
                    for (Row row : rows) {
                        found.add(row.getString(0));
                        sampled = row.getLong(1);
                    }
                    synchronized (this) {
                        if (ticket < applied) {
                            return;
                        }
                        applied = ticket;
                        frequent = found.isEmpty() || sampled < minSampled ? Set.of() : Set.copyOf(found);
                    }
                    LOG.debugf("Search trigrams in half the rows or more: %s (%d rows sampled)", frequent, sampled);
                })
                .onFailure().invoke(e -> LOG.warnf("Could not sample the search trigrams: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * The pieces of a (lower-cased) term to ask the index for instead of the term, or an empty list to ask for the
     * term itself: it holds no frequent trigram, or nothing would be left. The pieces are the longest substrings of
     * the term that hold no frequent trigram whole (the term split inside each one); a piece is kept only when it
     * has three ASCII letters or digits in a row, so it always gives the index a trigram to look up and never makes
     * it read every entry. Pieces never split a character.
     */
    static List<String> indexPieces(String term, Set<String> frequent) {
        if (frequent.isEmpty()) {
            return List.of();
        }
        int[] cps = term.codePoints().toArray();
        List<Integer> common = new ArrayList<>(); // where a frequent trigram starts
        for (int i = 0; i + 3 <= cps.length; i++) {
            if (trigram(cps, i) && frequent.contains(new String(cps, i, 3))) {
                common.add(i);
            }
        }
        if (common.isEmpty()) {
            return List.of();
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int at : common) {
            piece(cps, start, at + 2, pieces); // up to the frequent trigram's last character, not including it
            start = at + 1;                    // from its second character on
        }
        piece(cps, start, cps.length, pieces);
        return pieces;
    }

    private static void piece(int[] cps, int start, int end, List<String> pieces) {
        for (int i = start; i + 3 <= end; i++) {
            if (trigram(cps, i)) {
                pieces.add(new String(cps, start, end - start));
                return;
            }
        }
    }

    /** Three ASCII letters or digits from {@code i}. */
    private static boolean trigram(int[] cps, int i) {
        return ascii(cps[i]) && ascii(cps[i + 1]) && ascii(cps[i + 2]);
    }

    /**
     * An ASCII letter or digit: a word character for pg_trgm in every locale (other letters are one in some only,
     * and their trigrams are stored hashed), so a piece made of these always gives the index something to look up.
     */
    private static boolean ascii(int codePoint) {
        return (codePoint >= 'a' && codePoint <= 'z') || (codePoint >= '0' && codePoint <= '9')
                || (codePoint >= 'A' && codePoint <= 'Z');
    }
}
