package com.outreachpilot.platform.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/**
 * The internal JWT, defined once: the gateway mints it, every service verifies it. RS256, issuer
 * {@value #ISSUER}, audience = the service the request is for, lifetime at most a minute.
 */
public final class InternalTokens {

    public static final String ISSUER = "outreachpilot-gateway";
    public static final String CLAIM_ROLE = "role";
    public static final String CLAIM_ORG = "org_id";
    public static final String CLAIM_SCOPES = "scopes";
    public static final String CLAIM_PLAN = "plan";
    /** Tokens are minted for at most a minute; anything claiming to live longer than this is refused. */
    public static final long MAX_LIFETIME_SECONDS = 300;

    private InternalTokens() {
    }

    public static String mint(InternalToken token, Set<String> audiences, Duration lifetime, PrivateKey key) {
        return mint(token, audiences, System.currentTimeMillis() / 1000, lifetime, key);
    }

    /** A token issued at wall-clock second {@code issuedAt}, good for {@code lifetime} from then. */
    public static String mint(InternalToken token, Set<String> audiences, long issuedAt, Duration lifetime,
            PrivateKey key) {
        var claims = Jwt.issuer(ISSUER)
                .issuedAt(issuedAt)
                .expiresAt(issuedAt + lifetime.toSeconds())
                .audience(audiences)
                .subject(token.keyId() != null ? token.keyId() : token.role().name().toLowerCase())
                .claim(CLAIM_ROLE, token.role().name().toLowerCase())
                .claim(CLAIM_SCOPES, token.scopes());
        if (token.orgId() != null) {
            claims.claim(CLAIM_ORG, token.orgId());
        }
        if (token.plan() != null) {
            claims.claim(CLAIM_PLAN, token.plan());
        }
        return claims.jws().algorithm(SignatureAlgorithm.RS256).sign(key);
    }

    /** Reads a PEM (PKCS#8) private key given inline or as a file path. */
    public static PrivateKey privateKey(String pemOrPath) {
        try {
            return KeyUtils.decodePrivateKey(pem(pemOrPath));
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot read the internal token signing key", e);
        }
    }

    private static String pem(String pemOrPath) throws java.io.IOException {
        String value = pemOrPath.trim();
        return value.startsWith("-----BEGIN") ? value : Files.readString(Path.of(value));
    }

    /** The scopes claim of a verified token, as strings. */
    public static java.util.List<String> scopes(org.eclipse.microprofile.jwt.JsonWebToken jwt) {
        Object raw = jwt.getClaim(CLAIM_SCOPES);
        java.util.List<String> scopes = new java.util.ArrayList<>();
        if (raw instanceof Iterable<?> values) {
            for (Object value : values) {
                scopes.add(unquote(String.valueOf(value)));
            }
        }
        return scopes;
    }

    /** A claim array element as the JSON-P view renders it, without its quotes. */
    static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
