package com.outreachpilot.contacts.repository;

import org.hibernate.reactive.mutiny.Mutiny;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Small helpers for this service's native queries. */
final class NativeSql {

    private NativeSql() {
    }

    static <T> Mutiny.SelectionQuery<T> bind(Mutiny.SelectionQuery<T> query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query;
    }

    /** A case-insensitive substring pattern in which {@code %}, {@code _} and {@code \} match literally. */
    static String containsPattern(String term) {
        return literalContains(term.toLowerCase(Locale.ROOT));
    }

    /** A substring pattern for {@code like ? escape '\'} in which {@code %}, {@code _} and {@code \} match literally. */
    static String literalContains(String term) {
        return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * Appends one clause per {@code context.<key>=<value>} filter: the stored folded context (V10: keys as given,
     * scalar values as lower-case text) contains the key with the value lower-cased by the database, as the
     * folded values were. Each clause is containment on that column, so its jsonb_path_ops index answers them
     * all in one scan.
     */
    static void contextFilters(Map<String, String> context, StringBuilder where, List<Object> params) {
        context.forEach((key, value) -> {
            params.add(key);
            params.add(value);
            where.append(" and context_folded @> jsonb_build_object(cast(?").append(params.size() - 1)
                    .append(" as text), lower(cast(?").append(params.size()).append(" as text)))");
        });
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A JSON object as a text parameter, for {@code cast(? as jsonb)}. */
    static String json(java.util.Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value == null ? java.util.Map.of() : value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not representable as JSON", e);
        }
    }

    /** Ids as one text parameter, read back with {@code cast(string_to_array(?, ',') as uuid[])}. */
    static String idList(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
    }
}
