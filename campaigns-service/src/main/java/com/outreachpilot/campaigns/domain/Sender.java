package com.outreachpilot.campaigns.domain;

/** Who a campaign's emails come from. */
public record Sender(String fromName, String fromEmail, String replyTo) {
}
