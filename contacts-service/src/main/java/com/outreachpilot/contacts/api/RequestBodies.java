package com.outreachpilot.contacts.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.contacts.domain.InvalidItems;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ExceptionMappers;
import com.outreachpilot.platform.error.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads the bodies of contacts and companies: each object into its typed request record with the application's
 * JSON mapper, then checked with Bean Validation. A batch is read object by object so that one item's wrong
 * JSON type does not hide the other items' problems; every problem names its item ({@code contacts[3].email})
 * and they all go back at once as one 422 {@code VALIDATION_ERROR}.
 */
@ApplicationScoped
public class RequestBodies {

    static final int MAX_BATCH = 1000;
    /**
     * The largest {@code context} (its JSON, with the unknown fields that join it) a contact or company may be
     * given: events carry the whole resource, and the event path takes 1 MB; 64 KiB keeps a 1,000-item batch
     * bounded too.
     */
    static final int MAX_CONTEXT_CHARS = 65_536;
    /** Fields that are the server's and are ignored when sent. */
    private static final java.util.Set<String> SERVER_FIELDS = java.util.Set.of("upsert", "id", "account_id",
            "created_at", "updated_at");

    /** An import: its objects in order, whether to upsert, and how its problems name an item. */
    record Import<T>(List<T> items, boolean upsert, String plural) {

        /** How problems are named for a body that is one object. */
        static final Import<Void> ONE = new Import<>(List.of(), false, null);

        /** {@code contacts[3].email} for a batch, {@code email} for a body that is one object. */
        String name(int item, String field) {
            return plural == null ? field : plural + "[" + item + "]." + field;
        }

        /** The domain's refusal of some items, named as the client wrote them. */
        ApiException named(InvalidItems refused) {
            return ApiException.invalid(refused.problems().stream()
                    .map(p -> new FieldError(name(p.item(), p.field().name().toLowerCase(Locale.ROOT)), p.message()))
                    .toList());
        }
    }

    /** The envelope of a batch: {@code {<plural>: [...], upsert}}; a body without the list is one object. */
    interface Envelope {

        /** The validation group of the list's constraints, checked only when the body is a batch. */
        interface Batch {
        }

        Boolean upsert();

        List<JsonNode> items();
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    Validator validator;

    /** A body that is one object or {@code {<plural>: [...]}} of up to {@value #MAX_BATCH}, with {@code upsert}. */
    <T, E extends Envelope> Import<T> readImport(JsonNode body, String plural, ObjectShape<E> envelope,
            ObjectShape<T> item, Class<?>... groups) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "must be an object, or {" + plural + ": [...]}");
        }
        boolean batch = body.has(plural);
        List<FieldError> problems = new ArrayList<>();
        E head = read(body, envelope, "", problems, batch ? new Class<?>[] {Envelope.Batch.class} : new Class<?>[0]);
        fail(problems);
        boolean upsert = Boolean.TRUE.equals(head.upsert());
        if (!batch) {
            T one = read(body, item, "", problems, groups);
            fail(problems);
            return new Import<>(List.of(one), upsert, null);
        }
        List<T> items = new ArrayList<>();
        List<JsonNode> nodes = head.items();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            if (!node.isObject()) {
                problems.add(new FieldError(plural + "[" + i + "]", "must be an object"));
                continue;
            }
            items.add(read(node, item, plural + "[" + i + "].", problems, groups));
        }
        fail(problems);
        return new Import<>(items, upsert, plural);
    }

    /** A body that is one object (the fields to change, or a resource to find or create). */
    <T> T readOne(JsonNode body, ObjectShape<T> shape, Class<?>... groups) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "must be an object of the fields to change");
        }
        List<FieldError> problems = new ArrayList<>();
        T value = read(body, shape, "", problems, groups);
        fail(problems);
        return value;
    }

    /** One object read and checked; its problems are added under {@code prefix} (null when it could not be read). */
    private <T> T read(JsonNode node, ObjectShape<T> shape, String prefix, List<FieldError> problems,
            Class<?>[] groups) {
        boolean envelope = Envelope.class.isAssignableFrom(shape.type()); // its items are checked one by one
        String nul = envelope ? null : fieldWithNul(node);
        if (nul != null) {
            // PostgreSQL text cannot hold it: refused here, naming the field, rather than failing the write
            problems.add(new FieldError(prefix + nul, "must not contain the NUL character (\\u0000)"));
            return null;
        }
        if (!envelope && contextChars(node, shape) > MAX_CONTEXT_CHARS) {
            problems.add(new FieldError(prefix + "context", "must be at most " + MAX_CONTEXT_CHARS
                    + " characters as JSON, together with the fields kept in it"));
            return null;
        }
        T value;
        try {
            value = mapper.treeToValue(node, shape.type());
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() || e.getPath().get(0).getFieldName() == null ? "body"
                    : e.getPath().get(0).getFieldName();
            problems.add(new FieldError(prefix + field, shape.wrongType(field)));
            return null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree could not be read", e);
        }
        validator.validate(value, groups).stream()
                .map(violation -> new FieldError(ExceptionMappers.fieldPath(violation.getPropertyPath()), violation.getMessage()))
                .sorted(Comparator.comparing((FieldError f) -> shape.position(f.field())).thenComparing(FieldError::message))
                .forEach(f -> problems.add(new FieldError(prefix + f.field(), f.message())));
        return value;
    }

    /** The top-level field whose name or value (at any depth) holds a NUL character, or null. */
    private static String fieldWithNul(JsonNode node) {
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().indexOf('\u0000') >= 0 || holdsNul(field.getValue())) {
                return field.getKey().indexOf('\u0000') >= 0 ? "context" : field.getKey();
            }
        }
        return null;
    }

    private static boolean holdsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (field.getKey().indexOf('\u0000') >= 0 || holdsNul(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (holdsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The size of what goes into {@code context}: the context object and every field the resource does not know. */
    private static long contextChars(JsonNode node, ObjectShape<?> shape) {
        long chars = 0;
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().equals("context") || !shape.properties().contains(field.getKey())
                    && !SERVER_FIELDS.contains(field.getKey())) {
                if (field.getValue().isTextual() && field.getValue().textValue().length() > MAX_CONTEXT_CHARS) {
                    return Long.MAX_VALUE; // no need to render a huge value to know
                }
                chars += field.getKey().length() + (field.getValue().isContainerNode()
                        ? field.getValue().toString().length() : field.getValue().asText().length() + 2);
                if (chars > MAX_CONTEXT_CHARS) {
                    return chars;
                }
            }
        }
        return chars;
    }

    private static void fail(List<FieldError> problems) {
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
    }
}
