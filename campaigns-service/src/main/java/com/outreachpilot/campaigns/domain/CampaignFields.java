package com.outreachpilot.campaigns.domain;

import java.util.List;

/**
 * What a client gave for a campaign, create or update: null means "not given" (an update leaves it as it is;
 * a new campaign takes the default). Sender and steps are replaced whole; schedule and settings field by field.
 */
public record CampaignFields(String name, Sender sender, List<Step> steps, String timezone, List<String> days,
                             String start, String end, Integer dailyLimit, Boolean stopOnReply, Boolean trackOpens,
                             Boolean trackClicks) {

    Schedule schedule(Schedule current) {
        Schedule base = current == null ? Schedule.ALWAYS : current;
        return new Schedule(timezone != null ? timezone : base.timezone(),
                days != null ? List.copyOf(days) : base.days(),
                start != null ? start : base.start(),
                end != null ? end : base.end());
    }

    Settings settings(Settings current) {
        Settings base = current == null ? Settings.DEFAULTS : current;
        return new Settings(dailyLimit != null ? dailyLimit : base.dailyLimit(),
                stopOnReply != null ? stopOnReply : base.stopOnReply(),
                trackOpens != null ? trackOpens : base.trackOpens(),
                trackClicks != null ? trackClicks : base.trackClicks());
    }
}
