package com.outreachpilot.campaigns.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.outreachpilot.campaigns.domain.CampaignSnapshot;
import com.outreachpilot.campaigns.domain.Schedule;
import com.outreachpilot.campaigns.domain.Sender;
import com.outreachpilot.campaigns.domain.Settings;
import com.outreachpilot.campaigns.domain.Step;

import java.time.Instant;
import java.util.List;

/** A campaign as the API shows it. */
public record CampaignView(@Schema(required = true) String id, @Schema(required = true) String name, @Schema(required = true) String status, Sender sender, @Schema(required = true) List<Step> steps, Schedule schedule,
                           Settings settings, @Schema(required = true) Instant createdAt, @Schema(required = true) Instant updatedAt) {

    static CampaignView of(CampaignSnapshot c) {
        return new CampaignView(c.id().toString(), c.name(), c.status(), c.sender(), c.steps(), c.schedule(),
                c.settings(), c.createdAt(), c.updatedAt());
    }
}
