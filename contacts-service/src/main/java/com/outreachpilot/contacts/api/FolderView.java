package com.outreachpilot.contacts.api;

import com.outreachpilot.contacts.domain.Folder;

import java.time.Instant;

/** A folder as the API shows it, with how many contacts are in it. */
public record FolderView(String id, String name, long contactCount, Instant createdAt, Instant updatedAt) {

    public static FolderView of(Folder f, long contactCount) {
        return new FolderView(f.id.toString(), f.name, contactCount, f.createdAt, f.updatedAt);
    }
}
