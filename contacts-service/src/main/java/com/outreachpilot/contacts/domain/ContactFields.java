package com.outreachpilot.contacts.domain;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A contact's fields as a client gave them: only the {@code given} ones change a contact (an update changes
 * only those; a given null clears). Texts are trimmed (blank is null) and the email lower-cased. {@code context}
 * is an explicit context object (null if none) and {@code unknown} the fields the API does not know; both are
 * merged into the contact's context key by key.
 */
public record ContactFields(Set<Field> given, String email, String firstName, String lastName, String company,
                            String title, String linkedinUrl, String status, UUID folderId,
                            Map<String, Object> context, Map<String, Object> unknown) {

    /** The fields a client may set. */
    public enum Field { EMAIL, FIRST_NAME, LAST_NAME, COMPANY, TITLE, LINKEDIN_URL, STATUS, FOLDER_ID }

    public static final Set<String> STATUSES = Set.of("new", "active", "replied", "bounced", "unsubscribed");

    public ContactFields {
        given = given.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(given);
        email = text(email);
        email = email == null ? null : email.toLowerCase(Locale.ROOT);
        firstName = text(firstName);
        lastName = text(lastName);
        company = text(company);
        title = text(title);
        linkedinUrl = text(linkedinUrl);
        status = text(status);
        unknown = unknown == null ? Map.of() : unknown;
    }

    public boolean has(Field field) {
        return given.contains(field);
    }

    /**
     * Pragmatic (the real check is the mailbox answering): one @ after 1 to 64 characters, a domain of at least
     * two non-empty dot-separated labels, no whitespace. The regex {@code [^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+}
     * written out: a bulk import checks a thousand addresses per request and the regex engine was a tenth of
     * the service's time.
     */
    public static boolean isEmail(String email) {
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

    /** An email as stored: trimmed and lower-cased; null if blank. */
    public static String normalizeEmail(String email) {
        String trimmed = text(email);
        return trimmed == null ? null : trimmed.toLowerCase(Locale.ROOT);
    }

    /** The part after the @ of a normalized email: what links a contact to a company. */
    public static String domainOf(String email) {
        return email.substring(email.indexOf('@') + 1);
    }

    /** These fields with a later item's for the same contact: its given fields win, unknown fields merge. */
    public ContactFields followedBy(ContactFields later) {
        Set<Field> both = EnumSet.copyOf(given);
        both.addAll(later.given);
        Map<String, Object> unknowns = new LinkedHashMap<>(unknown);
        unknowns.putAll(later.unknown);
        return new ContactFields(both,
                later.has(Field.EMAIL) ? later.email : email,
                later.has(Field.FIRST_NAME) ? later.firstName : firstName,
                later.has(Field.LAST_NAME) ? later.lastName : lastName,
                later.has(Field.COMPANY) ? later.company : company,
                later.has(Field.TITLE) ? later.title : title,
                later.has(Field.LINKEDIN_URL) ? later.linkedinUrl : linkedinUrl,
                later.has(Field.STATUS) ? later.status : status,
                later.has(Field.FOLDER_ID) ? later.folderId : folderId,
                later.context != null ? later.context : context, unknowns);
    }

    /** Applies the given fields to {@code contact} (only those) and merges the context. */
    public void applyTo(Contact contact) {
        if (has(Field.EMAIL)) {
            contact.email = email;
        }
        if (has(Field.FIRST_NAME)) {
            contact.firstName = firstName;
        }
        if (has(Field.LAST_NAME)) {
            contact.lastName = lastName;
        }
        if (has(Field.COMPANY)) {
            contact.company = company;
        }
        if (has(Field.TITLE)) {
            contact.title = title;
        }
        if (has(Field.LINKEDIN_URL)) {
            contact.linkedinUrl = linkedinUrl;
        }
        if (has(Field.STATUS)) {
            contact.status = status;
        }
        if (has(Field.FOLDER_ID)) {
            contact.folderId = folderId;
        }
        contact.context = Context.merged(contact.context, context, unknown);
    }

    /** The field trimmed; blank is null. */
    static String text(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
