package com.outreachpilot.chat.api;

import com.outreachpilot.platform.error.ApiException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** Body of a chat message: {@code {message, thread_id?, model?}}. */
public record ChatInput(
        @NotNull(message = "is required and must be a string")
        @NotBlank(message = "must not be empty")
        @Size(max = MAX_MESSAGE_LENGTH, message = "must be at most " + MAX_MESSAGE_LENGTH + " characters")
        String message,
        @Size(max = 64, message = "must be a thread id (a UUID) from an earlier answer")
        String threadId,
        @Size(max = 100, message = "must be at most 100 characters")
        String model) {

    /** Longest message, in characters (UTF-16 code units, as JavaScript counts them). */
    public static final int MAX_MESSAGE_LENGTH = 8_000;

    /** The thread to continue, or null for a new one; a malformed id is a 422 (an unknown one a 404 later). */
    UUID thread() {
        if (threadId == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(threadId.trim());
            if (id.toString().equalsIgnoreCase(threadId.trim())) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw ApiException.invalid("thread_id", "must be a thread id (a UUID) from an earlier answer");
    }

    /** The message, refused when it holds what no database text column can (NUL). */
    String text() {
        if (message.indexOf('\u0000') >= 0) {
            throw ApiException.invalid("message", "must not contain the NUL character (\\u0000)");
        }
        return message;
    }
}
