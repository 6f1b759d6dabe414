package com.outreachpilot.platform.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import com.outreachpilot.platform.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code meta} object of every response: the request id and the time, plus what an endpoint adds
 * (pagination totals, credits used and remaining).
 */
@JsonPropertyOrder({"request_id", "timestamp"})
public final class Meta {

    private final String requestId;
    private final String timestamp;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    public Meta(@JsonProperty("request_id") String requestId, @JsonProperty("timestamp") String timestamp) {
        this.requestId = requestId;
        this.timestamp = timestamp;
    }

    public static Meta now(String requestId) {
        return new Meta(requestId, Clock.SYSTEM.now().truncatedTo(ChronoUnit.MILLIS).toString());
    }

    @JsonProperty("request_id")
    public String requestId() {
        return requestId;
    }

    @JsonProperty("timestamp")
    public String timestamp() {
        return timestamp;
    }

    /** Adds an endpoint-specific entry, e.g. {@code with("credits_used", 1)}. */
    @JsonAnySetter
    public Meta with(String name, Object value) {
        extra.put(name, value);
        return this;
    }

    @JsonAnyGetter
    public Map<String, Object> extra() {
        return extra;
    }

    public Object get(String name) {
        return extra.get(name);
    }
}
