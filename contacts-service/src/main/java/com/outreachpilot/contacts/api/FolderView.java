package com.outreachpilot.contacts.api;

import com.outreachpilot.contacts.domain.CountedFolder;

import java.time.Instant;

/** A folder as the API shows it, with how many contacts are in it. */
public record FolderView(String id, String name, long contactCount, Instant createdAt, Instant updatedAt) {

    static FolderView of(CountedFolder counted) {
        var f = counted.folder();
        return new FolderView(f.id.toString(), f.name, counted.contacts(), f.createdAt, f.updatedAt);
    }
}
