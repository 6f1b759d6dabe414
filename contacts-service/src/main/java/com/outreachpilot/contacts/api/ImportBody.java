package com.outreachpilot.contacts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.contacts.domain.Fields;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The body of an import: one resource, or {@code {<plural>: [...]}} of up to {@value #MAX_BATCH}, with an
 * optional {@code upsert}. Every item is validated before anything is written; problems name the item
 * ({@code contacts[3].email}).
 */
record ImportBody<F extends Fields>(List<F> items, boolean upsert, String itemPrefix) {

    static final int MAX_BATCH = 1000;

    static <F extends Fields> ImportBody<F> read(JsonNode body, String plural, ObjectMapper mapper,
            Function<Map<String, Object>, F> make, BiFunction<F, String, List<FieldError>> problems) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "must be an object, or {" + plural + ": [...]}");
        }
        boolean upsert = flag(body, "upsert");
        List<F> items = new ArrayList<>();
        List<FieldError> found = new ArrayList<>();
        String itemPrefix = "";
        if (body.has(plural)) {
            JsonNode list = body.get(plural);
            if (!list.isArray() || list.isEmpty() || list.size() > MAX_BATCH) {
                throw ApiException.invalid(plural, "must be an array of 1 to " + MAX_BATCH + " items");
            }
            itemPrefix = plural + "[%d].";
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isObject()) {
                    found.add(new FieldError(plural + "[" + i + "]", "must be an object"));
                    continue;
                }
                F fields = make.apply(asMap(mapper, item));
                found.addAll(problems.apply(fields, itemPrefix.formatted(i)));
                items.add(fields);
            }
        } else {
            F fields = make.apply(asMap(mapper, body));
            found.addAll(problems.apply(fields, ""));
            items.add(fields);
        }
        if (!found.isEmpty()) {
            throw ApiException.invalid(found);
        }
        return new ImportBody<>(items, upsert, itemPrefix);
    }

    /** A PUT body: an object of the fields to change. */
    static <F extends Fields> F readUpdate(JsonNode body, ObjectMapper mapper, Function<Map<String, Object>, F> make,
            BiFunction<F, String, List<FieldError>> problems) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "must be an object of the fields to change");
        }
        F fields = make.apply(asMap(mapper, body));
        List<FieldError> found = problems.apply(fields, "");
        if (!found.isEmpty()) {
            throw ApiException.invalid(found);
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(ObjectMapper mapper, JsonNode node) {
        return mapper.convertValue(node, Map.class);
    }

    private static boolean flag(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.invalid(name, "must be true or false");
        }
        return value.booleanValue();
    }
}
