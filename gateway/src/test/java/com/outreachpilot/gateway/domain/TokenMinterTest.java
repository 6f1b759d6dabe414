package com.outreachpilot.gateway.domain;

import com.outreachpilot.platform.auth.InternalToken;
import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Minted tokens are reused on the wall clock the services verify them with, not on the cache's own clock. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class TokenMinterTest {

    @Inject
    TokenMinter minter;

    private static long claim(String token, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(payload);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + payload);
        }
        return Long.parseLong(m.group(1));
    }

    @Test
    void aTokenIsReusedOnlyWhileTheWallClockLeavesItAQuarterOfItsLife() {
        InternalToken principal = InternalToken.service("token-minter-test-" + System.nanoTime());
        Set<String> audiences = Set.of("billing-service");
        long now = System.currentTimeMillis() / 1000;
        String first = minter.tokenFor(principal, audiences, Duration.ZERO, now);
        assertEquals(now, claim(first, "iat"));
        long lifetime = claim(first, "exp") - now;

        assertEquals(first, minter.tokenFor(principal, audiences, Duration.ZERO, now + lifetime * 3 / 4 - 1));
        // the wall clock stepped forward past three quarters of the lifetime: a token with time left
        String later = minter.tokenFor(principal, audiences, Duration.ZERO, now + lifetime);
        assertNotEquals(first, later);
        assertEquals(now + lifetime, claim(later, "iat"));
        // and stepped back before the last mint: not a token issued in the services' future
        String earlier = minter.tokenFor(principal, audiences, Duration.ZERO, now);
        assertEquals(now, claim(earlier, "iat"));
    }
}
