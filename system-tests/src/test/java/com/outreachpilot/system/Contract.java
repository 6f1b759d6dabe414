package com.outreachpilot.system;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every exchange of the system tests, checked against the OpenAPI document the running gateway serves.
 * An answer the document does not describe (a status, a field, a type, a header's format) fails the test.
 * A request the document calls invalid must be refused (4xx): the tests send bad input on purpose, and a
 * document stricter than the server (one that forbids what the server accepts) fails the test too.
 */
final class Contract implements OrderedFilter {

    private static final String REPORT = System.getProperty("contract.report");

    static final AtomicInteger CHECKED = new AtomicInteger();

    private static volatile OpenApiInteractionValidator validator;

    private Contract() {
    }

    static Contract filter() {
        return new Contract();
    }

    private static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (Contract.class) {
                if (validator == null) {
                    String document = io.restassured.RestAssured.given().baseUri(Stack.gatewayUrl())
                            .get("/openapi.json").then().statusCode(200).extract().asString();
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
                }
            }
        }
        return validator;
    }

    @Override
    public int getOrder() {
        // after every other filter: what is checked is what went on the wire
        return OrderedFilter.LOWEST_PRECEDENCE;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        Response answer = context.next(request, response);
        String path = request.getDerivedPath();
        if (!path.startsWith("/api/") && !path.startsWith("/admin/")) {
            // the tracking links of emails, /docs and /openapi.json are not part of the API document
            return answer;
        }
        ValidationReport report = validator().validate(RestAssuredRequest.of(request), RestAssuredResponse.of(answer));
        List<ValidationReport.Message> failures = new java.util.ArrayList<>(report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> m.getKey().startsWith("validation.response") || answer.statusCode() < 400)
                .toList());
        for (String header : undocumentedHeaders(request.getMethod(), path, answer)) {
            failures.add(ValidationReport.Message.create("validation.response.header.undocumented",
                    "Header " + header + " is not documented for this answer").build());
        }
        CHECKED.incrementAndGet();
        if (!failures.isEmpty()) {
            StringBuilder text = new StringBuilder(request.getMethod() + " " + request.getURI() + " → "
                    + answer.statusCode() + " does not match the OpenAPI document:");
            for (ValidationReport.Message m : failures) {
                text.append("\n  [").append(m.getKey()).append("] ").append(m.getMessage());
                m.getAdditionalInfo().forEach(info -> text.append("\n    ").append(info));
                m.getNestedMessages().forEach(nested -> text.append("\n    ").append(nested.getMessage()));
            }
            text.append("\n  answer: ").append(abbreviate(answer.asString()));
            if (REPORT != null) {
                // -Dcontract.report=<file>: every mismatch of the whole run in one list, the tests go on
                synchronized (Contract.class) {
                    try {
                        java.nio.file.Files.writeString(java.nio.file.Path.of(REPORT), text + "\n",
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return answer;
            }
            throw new AssertionError(text.toString());
        }
        return answer;
    }

    /** What any HTTP answer may carry without the document naming it. */
    private static final java.util.Set<String> STANDARD_HEADERS = java.util.Set.of("content-type", "content-length",
            "date", "connection", "keep-alive", "transfer-encoding", "vary", "cache-control", "pragma", "expires",
            "content-encoding", "allow");

    private static volatile List<Operation> operations;

    /** An operation of the document: its method, its path as a pattern, and its answers. */
    private record Operation(String method, java.util.regex.Pattern path, int templates,
                             com.fasterxml.jackson.databind.JsonNode responses) {
    }

    private static List<Operation> operations() {
        if (operations == null) {
            try {
                var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        io.restassured.RestAssured.given().baseUri(Stack.gatewayUrl()).get("/openapi.json").asString());
                List<Operation> found = new java.util.ArrayList<>();
                doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
                    String regex = java.util.regex.Pattern.quote(p.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
                    found.add(new Operation(op.getKey().toUpperCase(), java.util.regex.Pattern.compile(regex),
                            p.getKey().split("\\{", -1).length - 1, op.getValue().path("responses")));
                }));
                found.sort(java.util.Comparator.comparingInt(Operation::templates));
                operations = found;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return operations;
    }

    /** Headers of the answer that are neither standard HTTP nor documented for the operation and status. */
    private static List<String> undocumentedHeaders(String method, String path, Response answer) {
        Operation operation = operations().stream()
                .filter(o -> o.method().equals(method) && o.path().matcher(path).matches())
                .findFirst().orElse(null);
        if (operation == null) {
            return List.of();  // an unknown operation is the validator's finding
        }
        var documented = operation.responses().path(String.valueOf(answer.statusCode())).path("headers");
        List<String> undocumented = new java.util.ArrayList<>();
        for (io.restassured.http.Header header : answer.getHeaders()) {
            String name = header.getName().toLowerCase(java.util.Locale.ROOT);
            boolean named = false;
            for (var it = documented.fieldNames(); it.hasNext(); ) {
                named |= it.next().equalsIgnoreCase(name);
            }
            if (!named && !STANDARD_HEADERS.contains(name)) {
                undocumented.add(header.getName());
            }
        }
        return undocumented;
    }

    private static String abbreviate(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "…" : body;
    }
}
