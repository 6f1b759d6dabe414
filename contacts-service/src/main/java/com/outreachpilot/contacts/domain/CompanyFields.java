package com.outreachpilot.contacts.domain;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A company's fields as a client gave them: only the {@code given} ones change a company (a given null clears).
 * Texts are trimmed (blank is null); the domain is normalized to a bare host name. {@code context} and
 * {@code unknown} are merged into the company's context as for contacts.
 */
public record CompanyFields(Set<Field> given, String name, String domain, String industry, String size,
                            Map<String, Object> context, Map<String, Object> unknown) {

    /** The fields a client may set. */
    public enum Field { NAME, DOMAIN, INDUSTRY, SIZE }

    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");

    public CompanyFields {
        given = given.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(given);
        name = ContactFields.text(name);
        domain = normalizeDomain(ContactFields.text(domain));
        industry = ContactFields.text(industry);
        size = ContactFields.text(size);
        unknown = unknown == null ? Map.of() : unknown;
    }

    public boolean has(Field field) {
        return given.contains(field);
    }

    /**
     * {@code https://www.Acme.com:443/about?x} → {@code acme.com}: scheme, credentials, port, path, query,
     * a trailing dot and a leading {@code www.} go; null if what is left is not a host name with a dot.
     */
    public static String normalizeDomain(String raw) {
        if (raw == null) {
            return null;
        }
        String host = raw.trim().toLowerCase(Locale.ROOT);
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        for (char end : new char[]{'/', '?', '#'}) {
            int at = host.indexOf(end);
            if (at >= 0) {
                host = host.substring(0, at);
            }
        }
        host = host.substring(host.lastIndexOf('@') + 1);
        int port = host.indexOf(':');
        if (port >= 0) {
            host = host.substring(0, port);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        String[] labels = host.split("\\.", -1);
        if (host.length() > 253 || labels.length < 2) {
            return null;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        return host;
    }

    /** These fields with a later item's for the same domain: its given fields win, unknown fields merge. */
    public CompanyFields followedBy(CompanyFields later) {
        Set<Field> both = EnumSet.copyOf(given);
        both.addAll(later.given);
        Map<String, Object> unknowns = new LinkedHashMap<>(unknown);
        unknowns.putAll(later.unknown);
        return new CompanyFields(both,
                later.has(Field.NAME) ? later.name : name,
                later.has(Field.DOMAIN) ? later.domain : domain,
                later.has(Field.INDUSTRY) ? later.industry : industry,
                later.has(Field.SIZE) ? later.size : size,
                later.context != null ? later.context : context, unknowns);
    }

    /** Applies the given fields to {@code company} (only those) and merges the context. */
    public void applyTo(Company company) {
        if (has(Field.NAME)) {
            company.name = name;
        }
        if (has(Field.DOMAIN)) {
            company.domain = domain;
        }
        if (has(Field.INDUSTRY)) {
            company.industry = industry;
        }
        if (has(Field.SIZE)) {
            company.size = size;
        }
        company.context = Context.merged(company.context, context, unknown);
    }
}
