package com.outreachpilot.contacts.domain;

import com.outreachpilot.platform.error.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A company's fields as a client sent them; domains are normalized to a bare host name. */
public final class CompanyFields extends Fields {

    static final Set<String> KNOWN = Set.of("name", "domain", "industry", "size", "upsert", "id", "created_at",
            "updated_at", "context");
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");

    public CompanyFields(Map<String, Object> given) {
        super(given, KNOWN);
    }

    /** The normalized domain, or null when none was given or it is not a host name. */
    public String domain() {
        return normalizeDomain(text("domain"));
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

    public List<FieldError> problems(String prefix) {
        List<FieldError> problems = new ArrayList<>();
        checkTexts(prefix, List.of("name", "domain", "industry"), problems);
        if (given.get("domain") instanceof String raw && !raw.isBlank() && domain() == null) {
            problems.add(new FieldError(prefix + "domain", "must be a domain name or website address, e.g. acme.com"));
        }
        Object size = given.get("size");
        if (size != null && !(size instanceof String) && !(size instanceof Integer) && !(size instanceof Long)) {
            problems.add(new FieldError(prefix + "size", "must be a string such as \"51-200\" or a whole number"));
        } else if (size instanceof String s && s.length() > MAX_TEXT) {
            problems.add(new FieldError(prefix + "size", "must be at most " + MAX_TEXT + " characters"));
        }
        return problems;
    }

    /** Applies the provided fields to {@code company} (only those present); the domain is normalized. */
    public void applyTo(Company company) {
        if (has("name")) {
            company.name = text("name");
        }
        if (has("domain")) {
            company.domain = domain();
        }
        if (has("industry")) {
            company.industry = text("industry");
        }
        if (has("size")) {
            company.size = text("size");
        }
        company.context = mergedContext(company.context);
    }
}
