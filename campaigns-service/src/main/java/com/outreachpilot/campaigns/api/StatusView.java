package com.outreachpilot.campaigns.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.outreachpilot.campaigns.domain.CampaignService.CampaignStatus;
import com.outreachpilot.campaigns.domain.Enrollment;

import com.outreachpilot.campaigns.domain.CampaignService.StepCounts;

import java.util.List;
import java.util.Map;

/**
 * {@code GET …/status}: {@code {campaign_id, name, status, audience: {total, active, completed, paused, bounced, failed,
 * unsubscribed}}} as the reference shows (plus unsubscribed), and beyond it per-step {@code steps: [{step, sent, opened,
 * clicked, bounced}]}.
 */
public record StatusView(String campaignId, String name, String status, Audience audience, List<StepCounts> steps) {

    /** Members by state: the reference's six keys, always present, then {@code unsubscribed}. */
    @JsonPropertyOrder({"total", "active", "completed", "paused", "bounced", "failed", "unsubscribed"})
    public record Audience(long total, long active, long completed, long paused, long bounced, long failed,
                           long unsubscribed) {
    }

    static StatusView of(CampaignStatus s) {
        Map<String, Long> c = s.audience();
        long total = c.values().stream().mapToLong(Long::longValue).sum();
        return new StatusView(s.campaign().id().toString(), s.campaign().name(), s.campaign().status(),
                new Audience(total, c.getOrDefault(Enrollment.ACTIVE, 0L), c.getOrDefault(Enrollment.COMPLETED, 0L),
                        c.getOrDefault(Enrollment.PAUSED, 0L), c.getOrDefault(Enrollment.BOUNCED, 0L),
                        c.getOrDefault(Enrollment.FAILED, 0L), c.getOrDefault(Enrollment.UNSUBSCRIBED, 0L)),
                s.steps());
    }
}
