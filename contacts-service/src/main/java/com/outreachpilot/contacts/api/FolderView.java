package com.outreachpilot.contacts.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.outreachpilot.contacts.domain.CountedFolder;

import java.time.Instant;

/** A folder as the API shows it, with how many contacts are in it. */
public record FolderView(@Schema(required = true) String id, @Schema(required = true) String name, @Schema(required = true) long contactCount, @Schema(required = true) Instant createdAt, @Schema(required = true) Instant updatedAt) {

    static FolderView of(CountedFolder counted) {
        var f = counted.folder();
        return new FolderView(f.id.toString(), f.name, counted.contacts(), f.createdAt, f.updatedAt);
    }
}
