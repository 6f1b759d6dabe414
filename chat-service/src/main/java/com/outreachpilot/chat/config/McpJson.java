package com.outreachpilot.chat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * MCP's own field names on what the MCP server writes with the application's mapper: the protocol says
 * {@code isError} and {@code structuredContent}, where the API's JSON dialect would write snake_case.
 */
@Singleton
public class McpJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(ToolResponse.class, ToolResponseNames.class);
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY; // after the platform's dialect
    }

    abstract static class ToolResponseNames {
        @JsonProperty("isError")
        abstract boolean isError();

        @JsonProperty("structuredContent")
        abstract Object structuredContent();
    }
}
