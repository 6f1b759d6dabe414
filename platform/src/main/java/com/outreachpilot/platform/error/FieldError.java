package com.outreachpilot.platform.error;

/** One invalid field of a request: the JSON path of the field (e.g. {@code contacts[3].email}) and what is wrong. */
public record FieldError(String field, String message) {

    String describe() {
        return field + ": " + message;
    }
}
