package com.outreachpilot.campaigns.domain;

/** How a campaign sends: at most {@code dailyLimit} emails a day, whether replies stop it, what is tracked. */
public record Settings(int dailyLimit, boolean stopOnReply, boolean trackOpens, boolean trackClicks) {

    public static final int DEFAULT_DAILY_LIMIT = 500;
    public static final int MAX_DAILY_LIMIT = 100_000;
    public static final Settings DEFAULTS = new Settings(DEFAULT_DAILY_LIMIT, true, true, true);
}
