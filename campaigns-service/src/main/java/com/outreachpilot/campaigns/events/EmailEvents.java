package com.outreachpilot.campaigns.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;

import java.time.Instant;
import java.util.UUID;

/**
 * Events about one step's email to one contact ({@code email.sent}, {@code email.bounced}, …): the subject is
 * the contact, {@code data} says which campaign, which step (counting from 1) and which message.
 */
public final class EmailEvents {

    private EmailEvents() {
    }

    /** {@code data} of an email event. */
    public record EmailData(String campaignId, int step, String contactId, String email, String messageId,
                            Instant occurredAt, @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String url) {
    }

    public static DomainEvent of(EventType type, String orgId, UUID campaignId, int stepIndex, UUID contactId,
            String email, String messageId, Instant at, String reason, String url) {
        return DomainEvent.of(type, orgId, contactId.toString(), new EmailData(campaignId.toString(), stepIndex + 1,
                contactId.toString(), email, messageId, at, reason, url));
    }
}
