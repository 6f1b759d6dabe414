package com.outreachpilot.contacts.repository;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.outreachpilot.contacts.repository.SearchTrigrams.indexPieces;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which pieces of a search term the trigram index is asked for (the whole term is always checked as well). */
class SearchTrigramsTest {

    private static final Set<String> PERSON = Set.of("per", "ers", "rso", "son");

    @Test
    void frequentTrigramsAreLeftOutOfWhatTheIndexIsAskedFor() {
        assertEquals(List.of("on4242@"), indexPieces("person4242@", PERSON));
        assertEquals(List.of("n4242@"), indexPieces("person4242@", Set.of("per", "ers", "rso", "son", "on4")));
        // split at each frequent trigram: what lies between them is asked for when it holds a trigram of its own
        assertEquals(List.of("jsmith@gm"), indexPieces("jsmith@gmail.com", Set.of("gma", "mai", "ail", "com")));
        assertEquals(List.of("acm", "ales"), indexPieces("acme sales", Set.of("sal", "cme")));
        assertEquals(List.of("ons"), indexPieces("persons", PERSON));
    }

    @Test
    void theWholeTermIsAskedForWhenNothingIsFrequentOrNothingWouldBeLeft() {
        assertEquals(List.of(), indexPieces("person4242@", Set.of()));
        assertEquals(List.of(), indexPieces("growth", PERSON));
        assertEquals(List.of(), indexPieces("person", PERSON));   // all of it is common: a broad search anyway
        assertEquals(List.of(), indexPieces("vp", PERSON));
    }

    @Test
    void piecesNeedThreeAsciiLettersOrDigitsAndNeverSplitACharacter() {
        // "ür" alone would give the index nothing it surely holds (non-ASCII trigrams depend on the locale)
        assertEquals(List.of("jürge", "en müller"), indexPieces("jürgen müller", Set.of("gen")));
        assertEquals(List.of(), indexPieces("üü😀gen😀ü", Set.of("gen")));
        assertEquals(List.of("😀abc😀so"), indexPieces("😀abc😀son", Set.of("son")));
        // LIKE's own characters stay in the piece (the caller escapes them)
        assertEquals(List.of("on 50%_off"), indexPieces("person 50%_off", PERSON));
    }
}
