package com.outreachpilot.billing.domain;

/** The balance alerts each announced at most once per billing period. */
public enum CreditAlert {
    /** {@code credits.low}: the balance fell below a share of the monthly allowance. */
    LOW,
    /** {@code credits.exhausted}: nothing is left. */
    EXHAUSTED
}
