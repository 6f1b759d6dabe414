package com.outreachpilot.billing.domain;

import com.outreachpilot.platform.error.ApiException;

import java.util.Arrays;
import java.util.Locale;

/** Subscription plans. Only Pro and Scale may use the API. */
public enum Plan {
    FREE, STARTER, PRO, SCALE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean apiAccess() {
        return this == PRO || this == SCALE;
    }

    public static Plan parse(String field, String value) {
        return Arrays.stream(values()).filter(p -> p.wire().equals(value)).findFirst()
                .orElseThrow(() -> ApiException.invalid(field, "must be one of free, starter, pro, scale"));
    }
}
