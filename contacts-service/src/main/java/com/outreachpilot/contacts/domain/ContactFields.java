package com.outreachpilot.contacts.domain;

import com.outreachpilot.platform.error.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A contact's fields as a client sent them: only what was provided, so an update changes only those.
 * Validation and normalization rules live here.
 */
public final class ContactFields {

    public static final Set<String> STATUSES = Set.of("new", "active", "replied", "bounced", "unsubscribed");
    static final Set<String> KNOWN = Set.of("email", "first_name", "last_name", "company", "title", "linkedin_url",
            "status", "folder_id", "upsert", "id", "account_id", "created_at", "updated_at", "context");
    // pragmatic: one @, a dot in the domain, no spaces; the real check is the mailbox answering
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final int MAX_TEXT = 500;

    public final Map<String, Object> given;

    public ContactFields(Map<String, Object> given) {
        this.given = given;
    }

    public boolean has(String field) {
        return given.containsKey(field);
    }

    public String text(String field) {
        Object value = given.get(field);
        if (value == null) {
            return null;
        }
        String trimmed = value.toString().trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    public String email() {
        String email = text("email");
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    /** Unknown fields, which are kept in the contact's {@code context}. */
    public Map<String, Object> extra() {
        Map<String, Object> extra = new LinkedHashMap<>();
        Object context = given.get("context");
        if (context instanceof Map<?, ?> map) {
            map.forEach((k, v) -> extra.put(String.valueOf(k), v));
        }
        given.forEach((k, v) -> {
            if (!KNOWN.contains(k)) {
                extra.put(k, v);
            }
        });
        return extra;
    }

    /** Problems with these fields, named under {@code prefix} (e.g. {@code contacts[3].}). */
    public List<FieldError> problems(String prefix, boolean emailRequired) {
        List<FieldError> problems = new ArrayList<>();
        if (has("email") || emailRequired) {
            Object raw = given.get("email");
            String email = email();
            if (!(raw instanceof String) || email == null) {
                problems.add(new FieldError(prefix + "email", "is required and must be a string"));
            } else if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
                problems.add(new FieldError(prefix + "email", "must be a valid email address"));
            }
        }
        for (String field : List.of("first_name", "last_name", "company", "title", "linkedin_url")) {
            Object value = given.get(field);
            if (value != null && !(value instanceof String)) {
                problems.add(new FieldError(prefix + field, "must be a string"));
            } else if (value != null && ((String) value).length() > MAX_TEXT) {
                problems.add(new FieldError(prefix + field, "must be at most " + MAX_TEXT + " characters"));
            }
        }
        if (has("status")) {
            Object status = given.get("status");
            if (!(status instanceof String s) || !STATUSES.contains(s)) {
                problems.add(new FieldError(prefix + "status", "must be one of new, active, replied, bounced, unsubscribed"));
            }
        }
        if (has("context") && given.get("context") != null && !(given.get("context") instanceof Map)) {
            problems.add(new FieldError(prefix + "context", "must be an object"));
        }
        return problems;
    }

    /** Applies the provided fields to {@code contact} (only those present). */
    public void applyTo(Contact contact) {
        if (has("email")) {
            contact.email = email();
        }
        if (has("first_name")) {
            contact.firstName = text("first_name");
        }
        if (has("last_name")) {
            contact.lastName = text("last_name");
        }
        if (has("company")) {
            contact.company = text("company");
        }
        if (has("title")) {
            contact.title = text("title");
        }
        if (has("linkedin_url")) {
            contact.linkedinUrl = text("linkedin_url");
        }
        if (has("status")) {
            contact.status = text("status");
        }
        Map<String, Object> extra = extra();
        if (!extra.isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>(contact.context == null ? Map.of() : contact.context);
            merged.putAll(extra);
            contact.context = merged;
        }
    }
}
