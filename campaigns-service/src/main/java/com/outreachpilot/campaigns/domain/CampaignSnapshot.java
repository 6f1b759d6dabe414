package com.outreachpilot.campaigns.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A campaign as read at one moment: what the API shows and events carry (never the entity itself). */
public record CampaignSnapshot(UUID id, String name, String status, Sender sender, List<Step> steps,
                               Schedule schedule, Settings settings, Instant createdAt, Instant updatedAt) {
}
