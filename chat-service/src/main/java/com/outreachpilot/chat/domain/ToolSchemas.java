package com.outreachpilot.chat.domain;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool's arguments as a JSON schema for clients that validate before calling (MCP): the tool's own schema plus
 * the limits the public API enforces on the same fields, so a client learns them from the schema rather than from
 * a refusal. Ids are UUIDs, emails at most 254 characters, search filters at most 200, other text at most 500, page
 * sizes 1 to 50; no unknown argument is accepted except inside {@code context}.
 */
final class ToolSchemas {

    /** As the public API: contacts' and companies' text fields, list filters, emails. */
    static final int MAX_TEXT = 500;
    static final int MAX_FILTER = 200;
    static final int MAX_EMAIL = 254;
    static final int MAX_GOAL = 2_000;

    private static final List<String> FILTERS = List.of("search", "title", "industry");

    private ToolSchemas() {
    }

    static Map<String, Object> of(ToolSpecification spec) {
        JsonObjectSchema parameters = spec.parameters() != null ? spec.parameters() : JsonObjectSchema.builder().build();
        Map<String, Object> schema = new LinkedHashMap<>(JsonSchemaElementUtils.toMap(parameters));
        schema.putIfAbsent("properties", new LinkedHashMap<>());
        schema.put("additionalProperties", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        Map<String, Object> bounded = new LinkedHashMap<>();
        boolean search = spec.name().startsWith("search_");
        properties.forEach((name, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> property = new LinkedHashMap<>((Map<String, Object>) value);
            bound(name, property, search);
            bounded.put(name, property);
        });
        schema.put("properties", bounded);
        return schema;
    }

    private static void bound(String name, Map<String, Object> property, boolean search) {
        Object type = property.get("type");
        if ("integer".equals(type) && name.equals("limit")) {
            property.put("minimum", 1);
            property.put("maximum", 50);
        } else if ("string".equals(type) && !property.containsKey("enum")) {
            if (name.equals("contact_id") || name.endsWith("_id")) {
                property.put("format", "uuid");
            } else if (name.equals("email")) {
                property.put("format", "email");
                property.put("maxLength", MAX_EMAIL);
            } else if (name.equals("goal")) {
                property.put("maxLength", MAX_GOAL);
            } else {
                property.put("maxLength", search && FILTERS.contains(name) ? MAX_FILTER : MAX_TEXT);
            }
        }
    }
}
