package com.outreachpilot.contacts.domain;

import java.time.Instant;
import java.util.UUID;

/** Which contacts a list shows; null means "any". {@code search} is trimmed and not blank. */
public record ContactFilter(String status, UUID folderId, String search, Instant updatedSince) {
}
