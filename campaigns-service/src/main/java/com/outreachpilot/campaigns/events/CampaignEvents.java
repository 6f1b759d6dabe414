package com.outreachpilot.campaigns.events;

import com.outreachpilot.campaigns.domain.CampaignSnapshot;
import com.outreachpilot.campaigns.domain.Schedule;
import com.outreachpilot.campaigns.domain.Sender;
import com.outreachpilot.campaigns.domain.Settings;
import com.outreachpilot.campaigns.domain.Step;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** This service's events, built in one place from domain objects; {@code data} is the resource as the API shows it. */
public final class CampaignEvents {

    private CampaignEvents() {
    }

    /** {@code data} of a campaign event; a status change also carries the status it left. */
    public record CampaignData(String id, String name, String status, String previousStatus, Sender sender,
                               List<Step> steps, Schedule schedule, Settings settings, Instant createdAt,
                               Instant updatedAt) {

        static CampaignData of(CampaignSnapshot c, String previousStatus) {
            return new CampaignData(c.id().toString(), c.name(), c.status(), previousStatus, c.sender(), c.steps(),
                    c.schedule(), c.settings(), c.createdAt(), c.updatedAt());
        }
    }

    /** {@code data} of {@code campaign.triggered}: who was enrolled in which campaign. */
    public record TriggeredData(String campaignId, String contactId, String email, Instant enrolledAt) {
    }

    /** {@code data} of {@code campaign.completed}. */
    public record CompletedData(String campaignId, String name, String status, Instant completedAt) {
    }

    public static DomainEvent created(String orgId, CampaignSnapshot campaign) {
        return DomainEvent.of(EventType.CAMPAIGN_CREATED, orgId, campaign.id().toString(), CampaignData.of(campaign, null));
    }

    /** {@code campaign.updated}; {@code previousStatus} is set when the status changed. */
    public static DomainEvent updated(String orgId, CampaignSnapshot campaign, String previousStatus) {
        return DomainEvent.of(EventType.CAMPAIGN_UPDATED, orgId, campaign.id().toString(),
                CampaignData.of(campaign, previousStatus));
    }

    public static DomainEvent triggered(String orgId, UUID campaignId, UUID contactId, String email, Instant at) {
        return DomainEvent.of(EventType.CAMPAIGN_TRIGGERED, orgId, campaignId.toString(),
                new TriggeredData(campaignId.toString(), contactId.toString(), email, at));
    }

    /** {@code data} of {@code campaign.deleted}: which campaign, and when; nothing more is sent for it. */
    public record DeletedData(String id, String name, String status, Instant deletedAt) {
    }

    public static DomainEvent deleted(String orgId, CampaignSnapshot campaign, Instant at) {
        return DomainEvent.of(EventType.CAMPAIGN_DELETED, orgId, campaign.id().toString(),
                new DeletedData(campaign.id().toString(), campaign.name(), campaign.status(), at));
    }

    public static DomainEvent completed(String orgId, CampaignSnapshot campaign, Instant at) {
        return DomainEvent.of(EventType.CAMPAIGN_COMPLETED, orgId, campaign.id().toString(),
                new CompletedData(campaign.id().toString(), campaign.name(), campaign.status(), at));
    }
}
