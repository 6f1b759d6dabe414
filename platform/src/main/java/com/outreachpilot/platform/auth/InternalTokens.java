package com.outreachpilot.platform.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    /** An {@code iat} further ahead than this is refused (a future {@code iat} would stretch the lifetime). */
    private static final long CLOCK_SKEW_LIMIT = 30;

    private InternalTokens() {
    }

    public static String mint(InternalToken token, Set<String> audiences, Duration lifetime, PrivateKey key) {
        var claims = Jwt.issuer(ISSUER)
                .audience(audiences)
                .subject(token.keyId() != null ? token.keyId() : token.role().name().toLowerCase())
                .claim(CLAIM_ROLE, token.role().name().toLowerCase())
                .claim(CLAIM_SCOPES, token.scopes())
                .expiresIn(lifetime);
        if (token.orgId() != null) {
            claims.claim(CLAIM_ORG, token.orgId());
        }
        if (token.plan() != null) {
            claims.claim(CLAIM_PLAN, token.plan());
        }
        return claims.jws().algorithm(SignatureAlgorithm.RS256).sign(key);
    }

    /** A verified token and the second it expires at. */
    public record Verified(InternalToken token, long expiresAtEpochSecond) {
    }

    /** Verifies signature, issuer, audience and expiry; throws {@link ParseException} on any failure. */
    public static Verified verify(String jwt, DefaultJWTParser parser) throws ParseException {
        JsonWebToken parsed = parser.parse(jwt);
        String role = parsed.getClaim(CLAIM_ROLE);
        InternalToken.Role parsedRole = switch (role == null ? "" : role) {
            case "admin" -> InternalToken.Role.ADMIN;
            case "service" -> InternalToken.Role.SERVICE;
            case "api_key" -> InternalToken.Role.API_KEY;
            default -> throw new ParseException("Unknown role claim");
        };
        Object rawScopes = parsed.getClaim(CLAIM_SCOPES);
        List<String> scopes = new ArrayList<>();
        if (rawScopes instanceof Iterable<?> values) {
            for (Object value : values) {
                scopes.add(unquote(String.valueOf(value)));
            }
        }
        String orgId = parsed.getClaim(CLAIM_ORG);
        if (orgId != null) {
            try {
                OrgId.of(orgId);
            } catch (IllegalArgumentException e) {
                throw new ParseException("The org_id claim is not an organization id");
            }
        }
        if (parsed.getIssuedAtTime() > com.outreachpilot.platform.time.Clock.SYSTEM.epochSecond() + CLOCK_SKEW_LIMIT) {
            throw new ParseException("Token issued in the future");
        }
        String plan = parsed.getClaim(CLAIM_PLAN);
        String keyId = parsedRole == InternalToken.Role.ADMIN ? null : parsed.getSubject();
        return new Verified(new InternalToken(parsedRole, orgId, keyId, scopes, plan), parsed.getExpirationTime());
    }

    public static DefaultJWTParser parser(PublicKey publicKey, String audience, int clockSkewSeconds) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(publicKey, ISSUER);
        info.setExpectedAudience(Set.of(audience));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setClockSkew(clockSkewSeconds);
        info.setMaxTimeToLiveSecs(MAX_LIFETIME_SECONDS); // a leaked long-lived token is refused
        info.setRequireNamedPrincipal(false);
        return new DefaultJWTParser(info);
    }

    /** Reads a PEM public key given inline or as a file path. */
    public static PublicKey publicKey(String pemOrPath) {
        try {
            return KeyUtils.decodePublicKey(pem(pemOrPath));
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot read the internal token public key", e);
        }
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

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
