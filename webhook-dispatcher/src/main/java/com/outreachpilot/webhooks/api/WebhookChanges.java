package com.outreachpilot.webhooks.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.outreachpilot.webhooks.domain.SubscriptionService.Changes;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

import static com.outreachpilot.webhooks.api.NewWebhook.EVENTS_REQUIRED;
import static com.outreachpilot.webhooks.api.NewWebhook.NON_BLANK;

/**
 * Body of {@code PUT /api/v1/webhooks/{id}}: the fields to change. A field left out stays as it is; a field
 * sent as null is refused (none of them can be emptied). A class rather than a record because Jackson gives a
 * record's left-out fields null too, and the two must be told apart.
 */
@SubscribableEvents
public final class WebhookChanges implements SubscribableEvents.Body {

    @JsonProperty
    @JsonSetter(nulls = Nulls.FAIL)
    @Pattern(regexp = NON_BLANK, message = "must be a non-empty string")
    @WebhookUrl
    private String url;

    @JsonProperty
    @JsonSetter(nulls = Nulls.FAIL)
    @Size(min = 1, message = EVENTS_REQUIRED)
    private List<String> events;

    @JsonProperty
    @JsonSetter(nulls = Nulls.FAIL)
    private Boolean enabled;

    public String url() {
        return url;
    }

    @Override
    public List<String> events() {
        return events;
    }

    public Boolean enabled() {
        return enabled;
    }

    Changes toDomain() {
        return new Changes(url == null ? null : url.trim(), NewWebhook.distinct(events), enabled);
    }
}
