package com.outreachpilot.platform.error;

import java.util.List;

/**
 * A failure the client caused or may act on. Thrown anywhere in a service; the platform's mappers write it
 * as the error envelope with the code's HTTP status.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String details;
    private final List<FieldError> fields;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null, List.of());
    }

    public ApiException(ErrorCode code, String message, String details) {
        this(code, message, details, List.of());
    }

    public ApiException(ErrorCode code, String message, String details, List<FieldError> fields) {
        super(message, null, false, false); // no stack trace: these are expected outcomes, not bugs
        this.code = code;
        this.details = details;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public ErrorCode code() {
        return code;
    }

    public String details() {
        return details;
    }

    public List<FieldError> fields() {
        return fields;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.RESOURCE_NOT_FOUND, what + " not found");
    }

    /** A 422 naming one field, e.g. {@code invalid("contacts[3].email", "must be a valid email address")}. */
    public static ApiException invalid(String field, String problem) {
        return invalid(List.of(new FieldError(field, problem)));
    }

    public static ApiException invalid(List<FieldError> errors) {
        String details = errors.stream().map(FieldError::describe).reduce((a, b) -> a + "; " + b).orElse(null);
        String message = errors.size() == 1
                ? "Invalid value for '" + errors.get(0).field() + "'"
                : "Invalid values for " + errors.size() + " fields";
        return new ApiException(ErrorCode.VALIDATION_ERROR, message, details, errors);
    }

    public static ApiException duplicate(String message, String details) {
        return new ApiException(ErrorCode.DUPLICATE_RESOURCE, message, details);
    }
}
