package com.outreachpilot.platform.auth;

import com.outreachpilot.platform.error.ApiException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Subscription plans and the rule the API is sold by: only Pro and Scale may call it. Billing-service stores
 * an organization's plan; the gateway refuses keys whose organization's plan has no API access.
 */
public enum Plan {
    FREE, STARTER, PRO, SCALE;

    /** The plan as the API writes it: {@code free}, {@code starter}, {@code pro}, {@code scale}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean apiAccess() {
        return this == PRO || this == SCALE;
    }

    public static Optional<Plan> fromWire(String value) {
        return Arrays.stream(values()).filter(p -> p.wire().equals(value)).findFirst();
    }

    /** Whether a plan as written on the wire allows API access; an unknown or missing plan does not. */
    public static boolean allowsApi(String wire) {
        return fromWire(wire).map(Plan::apiAccess).orElse(false);
    }

    /** Reads a request field; anything but a known plan is a 422 naming {@code field}. */
    public static Plan parse(String field, String value) {
        return fromWire(value).orElseThrow(() -> ApiException.invalid(field, "must be one of free, starter, pro, scale"));
    }
}
