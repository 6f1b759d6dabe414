package com.outreachpilot.campaigns.api;

import com.outreachpilot.campaigns.domain.Member;

import java.time.Instant;

/** An enrolled contact as the audience list shows it: its state, how many steps it was sent, and when. */
public record MemberView(String contactId, String email, String firstName, String lastName, String company,
                         String status, int stepsSent, Instant nextSendAt, Instant lastSentAt, Instant lastOpenedAt,
                         Instant lastClickedAt, Instant enrolledAt, Instant updatedAt) {

    static MemberView of(Member m) {
        return new MemberView(m.contactId().toString(), m.email(), m.firstName(), m.lastName(), m.company(), m.status(),
                m.currentStep(), "active".equals(m.status()) ? m.nextSendAt() : null, m.lastSentAt(), m.lastOpenedAt(),
                m.lastClickedAt(), m.enrolledAt(), m.updatedAt());
    }
}
