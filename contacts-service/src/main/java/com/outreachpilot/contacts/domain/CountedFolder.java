package com.outreachpilot.contacts.domain;

/** A folder with how many contacts are in it. */
public record CountedFolder(Folder folder, long contacts) {
}
