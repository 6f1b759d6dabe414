package com.outreachpilot.campaigns.api;

import com.outreachpilot.campaigns.domain.CampaignSnapshot;
import com.outreachpilot.campaigns.domain.Schedule;
import com.outreachpilot.campaigns.domain.Sender;
import com.outreachpilot.campaigns.domain.Settings;
import com.outreachpilot.campaigns.domain.Step;

import java.time.Instant;
import java.util.List;

/** A campaign as the API shows it. */
public record CampaignView(String id, String name, String status, Sender sender, List<Step> steps, Schedule schedule,
                           Settings settings, Instant createdAt, Instant updatedAt) {

    static CampaignView of(CampaignSnapshot c) {
        return new CampaignView(c.id().toString(), c.name(), c.status(), c.sender(), c.steps(), c.schedule(),
                c.settings(), c.createdAt(), c.updatedAt());
    }
}
