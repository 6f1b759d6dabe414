package com.outreachpilot.platform.web;

import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids: {@code req_} followed by 24 random characters, or a caller's own id when well formed.
 * The id of the request being served lives in the Vert.x duplicated context, so it is reachable from any
 * code on that request's chain (mappers, clients, event writers) without passing it around.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String CONTEXT_KEY = "op.request-id";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{7,127}");
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private RequestIds() {
    }

    public static String generate() {
        // unique, not secret: a request id grants nothing, so the fast per-thread generator is enough
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return "req_" + new String(id);
    }

    public static boolean isWellFormed(String candidate) {
        return candidate != null && WELL_FORMED.matcher(candidate).matches();
    }

    /** The incoming id when well formed (so a client can correlate its own logs), else a new one. */
    public static String acceptOrGenerate(String incoming) {
        return isWellFormed(incoming) ? incoming : generate();
    }

    /** The current request's id, or a fresh one outside a request (background work). */
    public static String current() {
        Context context = Vertx.currentContext();
        if (context != null && io.smallrye.common.vertx.VertxContext.isDuplicatedContext(context)) {
            String id = ContextLocals.<String>get(CONTEXT_KEY).orElse(null);
            if (id != null) {
                return id;
            }
        }
        return generate();
    }

    static void bind(String requestId) {
        Context context = Vertx.currentContext();
        if (context != null && io.smallrye.common.vertx.VertxContext.isDuplicatedContext(context)) {
            ContextLocals.put(CONTEXT_KEY, requestId);
        }
    }
}
