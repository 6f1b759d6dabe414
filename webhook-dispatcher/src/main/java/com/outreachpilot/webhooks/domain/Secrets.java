package com.outreachpilot.webhooks.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks signing: {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}. A {@code whsec_}
 * secret's key is the base64 after the prefix (as every Standard Webhooks library reads it); any other secret
 * a customer chose is used as is, its UTF-8 bytes being the key.
 */
public final class Secrets {

    private static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code whsec_} + base64 of 32 random bytes. */
    public static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Why a customer's secret cannot be used, or null when it can. */
    public static String problem(String secret) {
        if (secret.length() < 8 || secret.length() > 256) {
            return "must be 8 to 256 characters (whsec_ + base64 of 32 random bytes is best)";
        }
        if (secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must be printable characters (no control characters)";
        }
        if (secret.startsWith(PREFIX)) {
            try {
                int bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length())).length;
                if (bytes < 24 || bytes > 64) {
                    return "a whsec_ secret must encode 24 to 64 bytes";
                }
            } catch (IllegalArgumentException e) {
                return "after whsec_ a secret must be base64";
            }
        }
        return null;
    }

    static byte[] key(String secret) {
        return secret.startsWith(PREFIX)
                ? Base64.getDecoder().decode(secret.substring(PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }

    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** The {@code webhook-signature} header: one signature per current secret, space-separated. */
    public static String signatureHeader(List<String> secrets, String id, long timestamp, String body) {
        return String.join(" ", secrets.stream().map(s -> sign(s, id, timestamp, body)).toList());
    }
}
