package com.outreachpilot.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** Plans' allowances and the credit jobs' timing. */
@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /** Monthly credit allowance per plan name ({@code free}, {@code starter}, {@code pro}, {@code scale}). */
    Map<String, Long> monthlyCredits();

    /** A reservation neither settled nor released within this time is released automatically. */
    @WithDefault("15M")
    Duration reservationTtl();

    /** How often the monthly reset and the reservation expiry look for due work. */
    @WithDefault("30s")
    Duration jobInterval();

    /** {@code credits.low} is emitted when the balance falls below this share of the monthly allowance. */
    @WithDefault("0.10")
    double lowBalanceRatio();
}
