package com.outreachpilot.platform.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.web.RequestIds;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns every failure a JAX-RS resource can meet into the error envelope. Registered ahead of Quarkus'
 * built-in mappers so no default body (plain text, HTML, bare 400) ever reaches a client.
 */
public class ExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);
    private static final int FIRST = Priorities.USER - 1000;

    @jakarta.inject.Inject
    DependencyFailures dependencyFailures;

    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> api(ApiException e) {
        RestResponse<ApiResponse<Void>> answer = respond(e.code(), e.getMessage(), e.details(), e.fields());
        if (e.code() != ErrorCode.SERVICE_UNAVAILABLE) {
            return answer;
        }
        // "busy for now" (a bulk import that waited too long for its turn): say when to come back
        return RestResponse.ResponseBuilder.create(answer.getStatusInfo(), answer.getEntity())
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", DependencyFailures.RETRY_AFTER_SECONDS).build();
    }

    /** No internal token where one is required. */
    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> unauthenticated(io.quarkus.security.UnauthorizedException e) {
        return respond(ErrorCode.INVALID_TOKEN, "Missing internal token", "Services accept requests from the gateway only",
                List.of());
    }

    /** An internal token that failed verification: signature, issuer, audience, lifetime or claims. */
    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> tokenRejected(io.quarkus.security.AuthenticationFailedException e) {
        return respond(ErrorCode.INVALID_TOKEN, "Internal token rejected",
                "Signature, issuer, audience, lifetime or claims check failed", List.of());
    }

    /** A valid token whose role may not call this endpoint. */
    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(ErrorCode.FORBIDDEN, "The caller may not use this endpoint",
                "This endpoint is not for the token's role", List.of());
    }

    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> constraintViolation(ConstraintViolationException e) {
        List<FieldError> fields = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            fields.add(new FieldError(fieldPath(violation.getPropertyPath()), violation.getMessage()));
        }
        fields.sort(Comparator.comparing(FieldError::field, ExceptionMappers::naturalOrder));
        return api(ApiException.invalid(fields));
    }

    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> validation(ValidationException e) {
        if (e instanceof ConstraintViolationException cve) {
            return constraintViolation(cve);
        }
        return respond(ErrorCode.VALIDATION_ERROR, "Invalid request", e.getMessage(), List.of());
    }

    // Jackson's subtypes are listed one by one: exception mappers are chosen by the closest type first, and
    // Quarkus ships its own for some of them (plain 400 bodies).
    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> json(JsonProcessingException e) {
        return jsonProblem(e);
    }

    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> jsonParse(JsonParseException e) {
        return jsonProblem(e);
    }

    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> jsonMapping(JsonMappingException e) {
        return jsonProblem(e);
    }

    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> jsonMismatch(MismatchedInputException e) {
        return jsonProblem(e);
    }

    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> jsonFormat(InvalidFormatException e) {
        return jsonProblem(e);
    }

    @ServerExceptionMapper(priority = FIRST)
    public RestResponse<ApiResponse<Void>> webApplication(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return jsonProblem(json);
        }
        if (cause instanceof ApiException api) {
            return api(api);
        }
        int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
        if (status >= 500) {
            return unexpected(e);
        }
        ErrorCode code = ErrorCode.forStatus(status);
        String message = switch (code) {
            case ROUTE_NOT_FOUND -> "No endpoint at this path";
            case VALIDATION_ERROR -> "Invalid request";
            default -> code.summary();
        };
        String details = status == 400 ? e.getMessage() : null;
        return respond(code, message, details, List.of());
    }

    @ServerExceptionMapper(priority = FIRST + 1)
    public RestResponse<ApiResponse<Void>> unexpected(Throwable e) {
        String requestId = RequestIds.current();
        if (dependencyFailures.isTransient(e)) {
            LOG.warnf("Dependency unavailable [%s]: %s", requestId, e);
            RestResponse<ApiResponse<Void>> unavailable = respond(requestId, ErrorCode.SERVICE_UNAVAILABLE,
                    DependencyFailures.MESSAGE, DependencyFailures.DETAILS, List.of());
            return RestResponse.ResponseBuilder.create(unavailable.getStatusInfo(), unavailable.getEntity())
                    .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", DependencyFailures.RETRY_AFTER_SECONDS).build();
        }
        LOG.errorf(e, "Unexpected failure [%s]", requestId);
        return respond(requestId, ErrorCode.INTERNAL_ERROR, "Unexpected server error",
                "Quote request id " + requestId + " when reporting this.", List.of());
    }

    private RestResponse<ApiResponse<Void>> jsonProblem(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return respond(ErrorCode.VALIDATION_ERROR, "Request body is not valid JSON",
                    "Malformed JSON at line " + location(e), List.of());
        }
        if (e instanceof com.outreachpilot.platform.web.NulRefusingStrings.NulCharacterException nul) {
            return api(ApiException.invalid(jsonPath(nul.getPath()), "must not contain the NUL character (\\u0000)"));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping.getPath());
            String problem = e instanceof InvalidFormatException || e instanceof MismatchedInputException
                    ? "has the wrong type or format" + expected(mapping)
                    : "could not be read";
            return api(ApiException.invalid(field, problem));
        }
        return respond(ErrorCode.VALIDATION_ERROR, "Request body has the wrong shape",
                "Expected a JSON object matching the endpoint's request body", List.of());
    }

    private static String expected(JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return " (expected " + describe(mismatched.getTargetType()) + ")";
        }
        return "";
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "?"
                : e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** {@code [contacts, 3, email]} → {@code contacts[3].email}. */
    static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    /**
     * Bean-validation paths name the Java method and parameter ({@code create.body.contacts[3].email});
     * clients know only the JSON names, so keep what follows the parameter, in snake_case.
     */
    /** The field a violation names, as the client wrote it: snake_case, with indexes ({@code contacts[3].first_name}). */
    public static String fieldPath(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        int start = 0;
        String parameterName = null;
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).getKind() == ElementKind.PARAMETER) {
                start = i + 1;
                parameterName = nodes.get(i).getName();
            }
        }
        StringBuilder out = new StringBuilder();
        for (Path.Node node : nodes.subList(start, nodes.size())) {
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null) {
                    out.append('[').append(node.getIndex()).append(']'); // List<@Email String> emails → emails[2]
                }
                continue;
            }
            if (node.getName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(snake(node.getName()));
            }
            if (node.getIndex() != null) {
                // the index belongs to the container the node sits in, e.g. contacts[3].email
                int dot = out.lastIndexOf(".");
                out.insert(dot < 0 ? 0 : dot, "[" + node.getIndex() + "]");
            }
        }
        if (out.isEmpty()) {
            return parameterName == null ? "body" : snake(parameterName);
        }
        return out.toString();
    }

    /** Field names in reading order: {@code contacts[2]} before {@code contacts[10]}. */
    static int naturalOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int endA = i;
                int endB = j;
                while (endA < a.length() && Character.isDigit(a.charAt(endA))) {
                    endA++;
                }
                while (endB < b.length() && Character.isDigit(b.charAt(endB))) {
                    endB++;
                }
                int byLength = Integer.compare(endA - i, endB - j);
                int byDigits = byLength != 0 ? byLength : a.substring(i, endA).compareTo(b.substring(j, endB));
                if (byDigits != 0) {
                    return byDigits;
                }
                i = endA;
                j = endB;
            } else if (x != y) {
                return Character.compare(x, y);
            } else {
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static String snake(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static RestResponse<ApiResponse<Void>> respond(ErrorCode code, String message, String details,
            List<FieldError> fields) {
        return respond(RequestIds.current(), code, message, details, fields);
    }

    private static RestResponse<ApiResponse<Void>> respond(String requestId, ErrorCode code, String message,
            String details, List<FieldError> fields) {
        return ErrorResponses.of(requestId, code, message, details, fields);
    }
}
