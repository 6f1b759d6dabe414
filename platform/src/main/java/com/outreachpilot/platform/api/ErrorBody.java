package com.outreachpilot.platform.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.error.FieldError;

import java.util.List;

/**
 * The {@code error} object: code, message, details and docs_url as the API reference shows. {@code fields}
 * is added for validation failures so programs can tell which inputs were wrong without parsing prose.
 */
@JsonPropertyOrder({"code", "message", "details", "docs_url", "fields"})
public record ErrorBody(
        String code,
        String message,
        String details,
        @JsonProperty("docs_url") String docsUrl,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> fields) {

    public static ErrorBody of(ErrorCode code, String message, String details, List<FieldError> fields) {
        return new ErrorBody(code.name(), message == null ? code.summary() : message, details, code.docsUrl(),
                fields == null ? List.of() : fields);
    }
}
