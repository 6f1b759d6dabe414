package com.outreachpilot.chat.domain;

/** The model a message is answered by, and what it costs in credits. */
public record ModelChoice(String name, int credits) {
}
