package com.outreachpilot.contacts.domain;

import java.util.List;

/**
 * Items of a request the domain refuses, by their position in the request and the field at fault; the api
 * names them as the client wrote them ({@code contacts[3].folder_id}).
 */
public class InvalidItems extends RuntimeException {

    /** One refused field: the item's position (0 for a single object), the field, and what is wrong. */
    public record Problem(int item, Enum<?> field, String message) {
    }

    private final List<Problem> problems;

    public InvalidItems(List<Problem> problems) {
        super(problems.size() + " invalid item field(s)", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
