package com.outreachpilot.contacts.domain;

import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.paging.Cursor;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A place in a contact list: the last row a page showed, in the list's order (creation, or change with
 * {@code updated_since}), handed to clients as an opaque cursor ({@code meta.next_cursor}, given back as
 * {@code ?after=}). The next page starts right after it, through the same index as the first page, so page
 * 5,000 costs what page 1 does.
 *
 * @param byChange ordered by {@code updated_at} (an {@code updated_since} list) rather than {@code created_at}
 */
public record ContactPosition(boolean byChange, Instant at, UUID id) {

    public static ContactPosition after(Contact contact, boolean byChange) {
        return new ContactPosition(byChange, byChange ? contact.updatedAt : contact.createdAt, contact.id);
    }

    public String cursor() {
        return Cursor.encode(byChange ? 1 : 0, ChronoUnit.MICROS.between(Instant.EPOCH, at),
                id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** The position a cursor names, for a list in that order; another list's cursor is a 422 naming {@code after}. */
    public static ContactPosition parse(String cursor, boolean byChange) {
        long[] parts = Cursor.decode(cursor, 4, "after");
        if (parts[0] != (byChange ? 1 : 0)) {
            throw ApiException.invalid("after", byChange
                    ? "is a cursor of a list without updated_since; start again without after"
                    : "is a cursor of an updated_since list; use it with the same updated_since");
        }
        return new ContactPosition(byChange, Instant.EPOCH.plus(parts[1], ChronoUnit.MICROS), new UUID(parts[2], parts[3]));
    }
}
