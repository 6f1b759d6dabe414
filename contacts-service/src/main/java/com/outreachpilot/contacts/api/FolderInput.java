package com.outreachpilot.contacts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A folder as a client sends it: {@code {name}}, trimmed; names are unique per organization, ignoring case. */
public record FolderInput(
        @NotBlank(message = "is required and must be a non-empty string")
        @Size(max = FolderInput.MAX_NAME, message = "must be at most " + FolderInput.MAX_NAME + " characters")
        String name) {

    static final int MAX_NAME = 200;

    public FolderInput {
        name = name == null ? null : name.trim();
    }
}
