package com.outreachpilot.campaigns.domain;

/** One email of a campaign's sequence: templates for subject and bodies, and the delay before it. */
public record Step(String subject, String body, String htmlBody, Delay delay) {
}
