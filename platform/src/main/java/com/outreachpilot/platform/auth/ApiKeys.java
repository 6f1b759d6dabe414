package com.outreachpilot.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The API key format and its hash, defined once: billing-service issues keys and stores only their hash, the
 * gateway hashes what a client presents and looks the hash up. {@code op_live_} + 40 random base62 characters
 * (~238 bits); the gateway accepts 32 to 128 so that keys issued with another length stay valid.
 */
public final class ApiKeys {

    public static final String PREFIX = "op_live_";
    private static final Pattern FORMAT = Pattern.compile("op_live_[A-Za-z0-9]{32,128}");
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_CHARS = 40;

    private ApiKeys() {
    }

    /** A new secret key; show it once, store {@link #hash} of it. */
    public static String generate() {
        char[] chars = new char[RANDOM_CHARS];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return PREFIX + new String(chars);
    }

    /** Whether {@code candidate} has the shape of a key (checked before any lookup). */
    public static boolean wellFormed(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
    }

    /** Lower-case hex SHA-256 of the whole key: what is stored and looked up. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is shown to identify a key later: {@code op_live_} and its first four characters. */
    public static String displayPrefix(String key) {
        return key.substring(0, PREFIX.length() + 4);
    }
}
