package com.outreachpilot.campaigns.domain;

import java.time.Duration;

/** Time to wait before a step, after the previous one (the first step: after enrollment). */
public record Delay(int days, int hours, int minutes) {

    public static final Delay NONE = new Delay(0, 0, 0);

    public Duration duration() {
        return Duration.ofDays(days).plusHours(hours).plusMinutes(minutes);
    }
}
