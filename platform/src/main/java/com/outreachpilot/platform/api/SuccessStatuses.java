package com.outreachpilot.platform.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.Map;

/**
 * The success statuses of an operation in the OpenAPI document, when it answers other than 200: the operation
 * names them with {@code @Extension(name = SuccessStatuses.EXTENSION, value = "201")} (or {@code "200,201"} for
 * one that creates or finds) and its generated 200 answer, the envelope of its return type, is documented under
 * each. An annotation {@code @APIResponse} would replace the generated answer and lose its schema.
 */
public class SuccessStatuses implements OASFilter {

    public static final String EXTENSION = "x-success-statuses";

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "200", "OK", "201", "Created", "202", "Accepted");

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getExtensions() == null || !operation.getExtensions().containsKey(EXTENSION)) {
            return operation;
        }
        String statuses = String.valueOf(operation.getExtensions().get(EXTENSION));
        operation.removeExtension(EXTENSION);
        APIResponses responses = operation.getResponses();
        APIResponse generated = responses == null ? null : responses.getAPIResponse("200");
        if (generated == null) {
            return operation;
        }
        responses.removeAPIResponse("200");
        for (String status : statuses.split(",")) {
            String code = status.trim();
            responses.addAPIResponse(code, OASFactory.createAPIResponse()
                    .description(DESCRIPTIONS.getOrDefault(code, generated.getDescription()))
                    .content(generated.getContent())
                    .headers(generated.getHeaders()));
        }
        return operation;
    }
}
