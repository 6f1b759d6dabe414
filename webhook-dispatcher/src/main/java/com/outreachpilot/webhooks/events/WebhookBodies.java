package com.outreachpilot.webhooks.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON body a webhook carries: {@code {id, type, timestamp, data}}. */
public final class WebhookBodies {

    private WebhookBodies() {
    }

    public static String of(DomainEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id());
        body.put("type", event.type());
        body.put("timestamp", event.occurredAt().toString());
        body.put("data", event.data());
        try {
            return DomainEventCodec.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.id() + " cannot be written as JSON", e);
        }
    }
}
