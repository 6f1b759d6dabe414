package com.outreachpilot.campaigns.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Tokens of tracking links: an email's random 128-bit id (no readable id of anything), the link's number for
 * clicks, and an HMAC-SHA256 over both and the link's kind, so a forged or altered token is refused before
 * any lookup, and an open link cannot be used as an unsubscribe link.
 */
public final class TrackingTokens {

    /** What a link does. */
    public enum Kind { OPEN, CLICK, UNSUBSCRIBE }

    /** A verified token: the email's random part and, for a click, the link's number. */
    public record Verified(String emailToken, int link) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int RANDOM_BYTES = 16;
    private static final int SIGNATURE_BYTES = 16;

    private final SecretKeySpec key;

    public TrackingTokens(String secret) {
        key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A new email's random part. */
    public static String newEmailToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    public String sign(Kind kind, String emailToken, int link) {
        byte[] random = Base64.getUrlDecoder().decode(emailToken);
        byte[] payload = ByteBuffer.allocate(RANDOM_BYTES + 2).put(random).putShort((short) link).array();
        byte[] token = ByteBuffer.allocate(payload.length + SIGNATURE_BYTES).put(payload).put(mac(kind, payload)).array();
        return B64.encodeToString(token);
    }

    /** The token's parts if it is one this service signed for this kind of link; null otherwise. */
    public Verified verify(Kind kind, String token) {
        if (token == null || token.length() > 64) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != RANDOM_BYTES + 2 + SIGNATURE_BYTES) {
            return null;
        }
        byte[] payload = Arrays.copyOf(raw, RANDOM_BYTES + 2);
        byte[] signature = Arrays.copyOfRange(raw, RANDOM_BYTES + 2, raw.length);
        if (!MessageDigest.isEqual(signature, mac(kind, payload))) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        byte[] random = new byte[RANDOM_BYTES];
        buffer.get(random);
        return new Verified(B64.encodeToString(random), buffer.getShort() & 0xFFFF);
    }

    private byte[] mac(Kind kind, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((byte) kind.ordinal());
            return Arrays.copyOf(mac.doFinal(payload), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
