package com.outreachpilot.billing.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** API key material: {@code op_live_} + 40 random base62 characters (~238 bits), stored only as SHA-256. */
public final class ApiKeySecrets {

    public static final String PREFIX = "op_live_";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_CHARS = 40;

    private ApiKeySecrets() {
    }

    public static String generate() {
        char[] chars = new char[RANDOM_CHARS];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return PREFIX + new String(chars);
    }

    /** Lower-case hex SHA-256 of the whole key, as the gateway computes it. */
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
