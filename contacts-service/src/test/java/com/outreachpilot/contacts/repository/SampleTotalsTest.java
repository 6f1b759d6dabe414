package com.outreachpilot.contacts.repository;

import com.outreachpilot.contacts.repository.ContactRepository.Sample;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a block sample decides a total without counting, and what it estimates. */
class SampleTotalsTest {

    @Test
    void theEstimateIsTheMatchingShareOfTheOrganizationsSampledRowsTimesItsContacts() {
        // 113 of the organization's 1,360 sampled rows match, and it has 100,000 contacts
        assertEquals(8_309, new Sample(113, 1_360, 100_000).scaled());
        // however many of its blocks the sample took: the same share, the same estimate
        assertEquals(8_309, new Sample(141, 1_697, 100_000).scaled(), 5);
        assertEquals(0, new Sample(0, 0, 100_000).scaled());
    }

    @Test
    void aSampleDecidesOnlyWhenEvenFourStandardDeviationsLessIsOverTheCap() {
        // 113 − 4·√113 = 70.5 sampled matches, scaled: 5,183
        assertTrue(new Sample(113, 1_360, 100_000).decisive(5_000));
        assertFalse(new Sample(113, 1_360, 100_000).decisive(5_200));
        // a filter around the cap is counted, however the sample fell
        assertFalse(new Sample(70, 1_360, 100_000).decisive(5_000));
        // too few sampled matches to say anything, however large they scale
        assertFalse(new Sample(29, 29, 1_000_000).decisive(5_000));
        assertTrue(new Sample(400, 500, 1_000_000).decisive(5_000));
    }

    /** A search's page is walked in order when that reads fewer table pages than the index's scattered matches. */
    @Test
    void aBroadSearchIsWalkedInOrderANarrowOneAskedOfTheIndex() {
        assertTrue(ContactRepository.walkInOrder(51, 1_000_000, 7_143), "a name at 1,000,000: ~7,000 rows walked");
        assertTrue(ContactRepository.walkInOrder(51, 1_000_000, 125_000), "a common word");
        assertFalse(ContactRepository.walkInOrder(51, 1_000_000, 1), "one match");
        assertFalse(ContactRepository.walkInOrder(51, 1_000_000, 2_000), "2,000 matches: 25,500 rows to walk");
        assertFalse(ContactRepository.walkInOrder(2_051, 1_000_000, 9_200), "a deep offset of a name");
        assertTrue(ContactRepository.walkInOrder(51, 3_000, 3_000), "everything matches");
        assertFalse(ContactRepository.walkInOrder(51, 1_000_000, 0), "nothing matches");
    }
}
