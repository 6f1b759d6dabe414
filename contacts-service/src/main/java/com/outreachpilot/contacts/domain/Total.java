package com.outreachpilot.contacts.domain;

/**
 * How many contacts a list matches: exact, or (past the point where counting every match would cost more than
 * a list may take) an estimate, which the API marks with {@code meta.total_exact: false}.
 */
public record Total(long value, boolean exact) {

    public static Total exact(long value) {
        return new Total(value, true);
    }

    /** An estimate shown to three significant digits (124,873 → 125,000), so it does not pass for a count. */
    public static Total estimate(long value) {
        if (value < 1_000) {
            return new Total(value, false);
        }
        double scale = Math.pow(10, Math.floor(Math.log10(value)) - 2);
        return new Total(Math.round(value / scale) * (long) scale, false);
    }
}
