package com.outreachpilot.platform.testing;

import com.outreachpilot.platform.auth.InternalToken;
import com.outreachpilot.platform.auth.InternalTokens;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Internal tokens for tests, signed with the test JVM's generated key exactly as the gateway signs them. */
public final class TestTokens {

    private TestTokens() {
    }

    /** {@code Authorization} header value for an API-key caller of {@code org} with all scopes. */
    public static String bearer(String audience, String org) {
        return bearer(audience, InternalToken.forKey(org, "key_test_" + org, List.of("*"), "pro"));
    }

    /**
     * The same for a token good at several services, as the gateway mints it for a route whose service calls
     * others with the caller's token (campaigns → contacts, chat → all).
     */
    public static String bearer(Set<String> audiences, String org) {
        InternalToken token = InternalToken.forKey(org, "key_test_" + org, List.of("*"), "pro");
        return "Bearer " + InternalTokens.mint(token, audiences, Duration.ofSeconds(60), privateKey());
    }

    public static String adminBearer(String audience) {
        return bearer(audience, InternalToken.admin());
    }

    public static String bearer(String audience, InternalToken token) {
        return "Bearer " + mint(audience, token, Duration.ofSeconds(60));
    }

    public static String mint(String audience, InternalToken token, Duration lifetime) {
        return InternalTokens.mint(token, Set.of(audience), lifetime, privateKey());
    }

    public static PrivateKey privateKey() {
        return InternalTokens.privateKey(TestInfrastructure.privateKeyFile().toString());
    }
}
