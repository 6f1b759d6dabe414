package com.outreachpilot.webhooks.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.webhooks.domain.EventFeed.FeedEvent;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An event of the feed: exactly the body a webhook delivery of it carries. */
@Schema(description = "An event: the same body a webhook delivery of it carries (its webhook-id is the id)")
public record EventView(
        @Schema(required = true, description = "The event's id (evt_…), the same in every delivery and replay of it") String id,
        @Schema(required = true, description = "The event type, e.g. contact.created") String type,
        @Schema(required = true, description = "When it happened (ISO-8601)") String timestamp,
        @Schema(required = true, type = SchemaType.OBJECT, description = "The resource as it was then, as in the webhook") JsonNode data) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static EventView of(FeedEvent event) {
        try {
            JsonNode body = JSON.readTree(event.body());
            return new EventView(body.path("id").asText(), body.path("type").asText(), body.path("timestamp").asText(),
                    body.path("data"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event " + event.id() + " is not JSON", e);
        }
    }
}
