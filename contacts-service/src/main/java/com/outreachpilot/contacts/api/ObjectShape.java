package com.outreachpilot.contacts.api;

import java.util.List;
import java.util.Map;

/**
 * How a request object is read: its record (or class), its properties in the order their problems are listed,
 * and what a client is told who sends a property with the wrong JSON type.
 */
record ObjectShape<T>(Class<T> type, List<String> properties, Map<String, String> wrongType, String otherwise) {

    String wrongType(String property) {
        return wrongType.getOrDefault(property, otherwise);
    }

    int position(String property) {
        int at = properties.indexOf(property);
        return at < 0 ? properties.size() : at;
    }
}
