package com.outreachpilot.contacts.domain;

import com.outreachpilot.platform.error.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A contact's fields as a client sent them: only what was provided, so an update changes only those.
 * Validation and normalization rules live here.
 */
public final class ContactFields extends Fields {

    public static final Set<String> STATUSES = Set.of("new", "active", "replied", "bounced", "unsubscribed");
    static final Set<String> KNOWN = Set.of("email", "first_name", "last_name", "company", "title", "linkedin_url",
            "status", "folder_id", "upsert", "id", "account_id", "created_at", "updated_at", "context");
    /**
     * Pragmatic (the real check is the mailbox answering): one @ after 1 to 64 characters, a domain of at least
     * two non-empty dot-separated labels, no whitespace. The regex {@code [^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+}
     * written out: a bulk import checks a thousand addresses per request and the regex engine was a tenth of
     * the service's time.
     */
    static boolean isEmail(String email) {
        int at = email.indexOf('@');
        if (at < 1 || email.codePointCount(0, at) > 64) {
            return false;
        }
        for (int i = 0; i < at; i++) {
            if (isSpace(email.charAt(i))) {
                return false;
            }
        }
        int dots = 0;
        int label = 0;
        for (int i = at + 1; i < email.length(); i++) {
            char c = email.charAt(i);
            if (c == '@' || isSpace(c)) {
                return false;
            }
            if (c == '.') {
                if (label == 0) {
                    return false;
                }
                dots++;
                label = 0;
            } else {
                label++;
            }
        }
        return dots > 0 && label > 0;
    }

    /** What {@code \s} matches in a Java regex. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    public ContactFields(Map<String, Object> given) {
        super(given, KNOWN);
    }

    public String email() {
        String email = text("email");
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    /** The part after the @ of a normalized email: what links a contact to a company. */
    public static String domainOf(String email) {
        return email.substring(email.indexOf('@') + 1);
    }

    /** The folder the contact should be in: absent if not given, null to take it out of its folder. */
    public boolean hasFolder() {
        return has("folder_id");
    }

    public UUID folderId() {
        String text = text("folder_id");
        return text == null ? null : UUID.fromString(text);
    }

    /** Problems with these fields, named under {@code prefix} (e.g. {@code contacts[3].}). */
    public List<FieldError> problems(String prefix, boolean emailRequired) {
        List<FieldError> problems = new ArrayList<>();
        if (has("email") || emailRequired) {
            Object raw = given.get("email");
            String email = email();
            if (!(raw instanceof String) || email == null) {
                problems.add(new FieldError(prefix + "email", "is required and must be a string"));
            } else if (email.length() > 254 || !isEmail(email)) {
                problems.add(new FieldError(prefix + "email", "must be a valid email address"));
            }
        }
        checkTexts(prefix, List.of("first_name", "last_name", "company", "title", "linkedin_url"), problems);
        if (has("status")) {
            Object status = given.get("status");
            if (!(status instanceof String s) || !STATUSES.contains(s)) {
                problems.add(new FieldError(prefix + "status", "must be one of new, active, replied, bounced, unsubscribed"));
            }
        }
        if (has("folder_id") && given.get("folder_id") != null) {
            try {
                if (!(given.get("folder_id") instanceof String)) {
                    throw new IllegalArgumentException();
                }
                folderId();
            } catch (IllegalArgumentException e) {
                problems.add(new FieldError(prefix + "folder_id", "must be the id of one of your folders, or null"));
            }
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
        if (hasFolder()) {
            contact.folderId = folderId();
        }
        contact.context = mergedContext(contact.context);
    }
}
