package com.outreachpilot.platform.api;

/** What a DELETE answers: {@code {deleted: true, id}} (the id of what was deleted or removed). */
public record Deleted(boolean deleted, String id) {

    public static Deleted of(Object id) {
        return new Deleted(true, id.toString());
    }
}
