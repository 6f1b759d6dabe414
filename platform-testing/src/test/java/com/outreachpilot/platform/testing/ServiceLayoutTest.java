package com.outreachpilot.platform.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every layout rule fails on a package built to break it: none of them can pass by checking nothing. */
class ServiceLayoutTest {

    private final ServiceLayout bad = new ServiceLayout("com.outreachpilot.layoutfixture", true) {
    };

    private static void fails(Executable rule, String mentions) {
        AssertionError error = assertThrows(AssertionError.class, rule);
        assertTrue(error.getMessage().contains(mentions), error.getMessage());
    }

    @Test
    void eachRuleFindsItsViolation() {
        bad.hasClassesToCheck();
        fails(bad::everyClassLivesInOneOfTheRooms, "misplaced.Helper");
        fails(bad::nothingImportsTheApi, "domain.Thing");
        fails(bad::resourcesReachDataThroughTheDomain, "ThingRepository");
        fails(bad::noServiceImportsAnother, "otherservice.domain.Foreign");
        fails(bad::entitiesNeverCrossTheApiBoundary, "exposes entity");
        fails(bad::timeComesFromTheClock, "Instant.now()");
        fails(bad::everyApiKeyResourceNamesItsScope, "UnscopedResource");
    }

    @Test
    void aPackageWithoutClassesIsAFailureNotAPass() {
        fails(new ServiceLayout("com.outreachpilot.nothing.here", true) {
        }::hasClassesToCheck, "checks nothing");
    }
}
