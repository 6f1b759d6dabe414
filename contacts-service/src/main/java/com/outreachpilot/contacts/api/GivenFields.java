package com.outreachpilot.contacts.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A resource's fields as a client sent them: which properties the object had (an absent field is left as it
 * is, a null one is cleared) and those the resource does not know, which go into its {@code context}. The
 * subclass's setters call {@link #given}.
 */
abstract class GivenFields {

    static final int MAX_TEXT = 500;
    static final String TEXT = "must be a string";
    static final String TOO_LONG = "must be at most " + MAX_TEXT + " characters";
    static final String CONTEXT = "must be an object";

    // bookkeeping, not request fields: kept out of the OpenAPI document and of Jackson's properties
    @Schema(hidden = true)
    @JsonIgnore
    private final Set<String> given = new HashSet<>();
    @Schema(hidden = true)
    @JsonIgnore
    private final Map<String, Object> unknown = new LinkedHashMap<>();

    void given(String property) {
        given.add(property);
    }

    boolean has(String property) {
        return given.contains(property);
    }

    @JsonAnySetter
    void unknown(String name, Object value) {
        unknown.put(name, value);
    }

    Map<String, Object> unknown() {
        return unknown;
    }
}
