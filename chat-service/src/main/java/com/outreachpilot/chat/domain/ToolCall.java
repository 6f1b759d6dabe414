package com.outreachpilot.chat.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.outreachpilot.platform.data.json.JsonColumn;

import java.util.List;

/**
 * One tool the agent called for a message: its name and arguments as the model gave them, a short summary of
 * what came back, whether it succeeded, and how long it took.
 */
public record ToolCall(String name, JsonNode arguments, String result, boolean ok, long durationMs) {

    @jakarta.persistence.Converter
    public static class ListColumn extends JsonColumn<List<ToolCall>> {
        public ListColumn() {
            super(new TypeReference<>() { });
        }
    }
}
