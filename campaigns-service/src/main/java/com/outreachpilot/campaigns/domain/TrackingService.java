package com.outreachpilot.campaigns.domain;

import com.outreachpilot.campaigns.config.CampaignsConfig;
import com.outreachpilot.campaigns.domain.TrackingTokens.Kind;
import com.outreachpilot.campaigns.domain.TrackingTokens.Verified;
import com.outreachpilot.campaigns.events.EmailEvents;
import com.outreachpilot.campaigns.repository.EmailRepository;
import com.outreachpilot.campaigns.repository.EnrollmentRepository;
import com.outreachpilot.campaigns.repository.SuppressionRepository;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What recipients do with an email's links: the first open ({@code email.opened}), each click
 * ({@code email.clicked}, then the exact link that was in that email) and unsubscribing
 * ({@code contact.unsubscribed}: no campaign of the organization mails the contact again). A token that this
 * service did not sign, or whose email is gone, finds nothing.
 */
@ApplicationScoped
public class TrackingService {

    @Inject
    CampaignsConfig config;

    @Inject
    EmailRepository emails;

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    SuppressionRepository suppressions;

    @Inject
    Sequencer sequencer;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    private volatile TrackingTokens tokens;

    /** Records an open; false when the token names no email. */
    public Uni<Boolean> open(String token) {
        Verified verified = tokens().verify(Kind.OPEN, token);
        if (verified == null) {
            return Uni.createFrom().item(false);
        }
        return Panache.withTransaction(() -> withEnrollment(verified).chain(found -> {
            if (found == null) {
                return Uni.createFrom().item(false);
            }
            Email email = found.email();
            if (email.openedAt != null) {
                return Uni.createFrom().item(true); // only the first open is an event
            }
            Instant now = clock.now();
            email.openedAt = now;
            return enrollments.opened(email.enrollmentId, now)
                    .chain(() -> outbox.append(EmailEvents.of(EventType.EMAIL_OPENED, email.orgId, email.campaignId,
                            email.step, email.contactId, found.enrollment().email, email.messageId, now, null, null)))
                    .replaceWith(true);
        }));
    }

    /** Records a click and answers the link it was (one of that email's own), or null for an unknown token. */
    public Uni<String> click(String token) {
        Verified verified = tokens().verify(Kind.CLICK, token);
        if (verified == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withTransaction(() -> withEnrollment(verified).chain(found -> {
            if (found == null || found.email().links == null || verified.link() >= found.email().links.size()) {
                return Uni.createFrom().<String>nullItem();
            }
            Email email = found.email();
            String url = email.links.get(verified.link());
            Instant now = clock.now();
            if (email.clickedAt == null) {
                email.clickedAt = now;
            }
            return enrollments.clicked(email.enrollmentId, now)
                    .chain(() -> outbox.append(EmailEvents.of(EventType.EMAIL_CLICKED, email.orgId, email.campaignId,
                            email.step, email.contactId, found.enrollment().email, email.messageId, now, null, url)))
                    .replaceWith(url);
        }));
    }

    /** Whether the token is a valid unsubscribe link (for the confirmation page). */
    public Uni<Boolean> canUnsubscribe(String token) {
        Verified verified = tokens().verify(Kind.UNSUBSCRIBE, token);
        if (verified == null) {
            return Uni.createFrom().item(false);
        }
        return Panache.withSession(() -> emails.findByToken(verified.emailToken())).map(email -> email != null);
    }

    /**
     * Unsubscribes the email's contact from every campaign of the organization, once; false for an unknown token.
     * Campaigns left with no one in the sequence complete.
     */
    public Uni<Boolean> unsubscribe(String token) {
        Verified verified = tokens().verify(Kind.UNSUBSCRIBE, token);
        if (verified == null) {
            return Uni.createFrom().item(false);
        }
        return Panache.withTransaction(() -> withEnrollment(verified).chain(found -> {
            if (found == null) {
                return Uni.createFrom().item(List.<UUID>of());
            }
            Email email = found.email();
            Enrollment member = found.enrollment();
            Instant now = clock.now();
            return suppressions.add(email.orgId, email.contactId, member.email, Enrollment.UNSUBSCRIBED, now)
                    .chain(first -> enrollments.openCampaignsOf(email.orgId, email.contactId).chain(campaigns ->
                            enrollments.endEverywhere(email.orgId, email.contactId, Enrollment.UNSUBSCRIBED,
                                            "Unsubscribed", now)
                                    .chain(() -> !first ? Uni.createFrom().voidItem() : outbox.append(EmailEvents.of(
                                            EventType.CONTACT_UNSUBSCRIBED, email.orgId, email.campaignId, email.step,
                                            email.contactId, member.email, email.messageId, now, "unsubscribe_link", null)))
                                    .replaceWith(campaigns.isEmpty() ? List.of(email.campaignId) : campaigns)));
        })).chain(campaigns -> {
            if (campaigns == null) {
                return Uni.createFrom().item(false);
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID campaign : campaigns) {
                chain = chain.chain(() -> sequencer.completeIfFinished(campaign));
            }
            return chain.replaceWith(!campaigns.isEmpty());
        });
    }

    private record Found(Email email, Enrollment enrollment) {
    }

    private Uni<Found> withEnrollment(Verified verified) {
        return emails.findByToken(verified.emailToken()).chain(email -> email == null ? Uni.createFrom().<Found>nullItem()
                : enrollments.findById(email.enrollmentId).map(e -> e == null ? null : new Found(email, e)));
    }

    private TrackingTokens tokens() {
        TrackingTokens current = tokens;
        if (current == null) {
            current = new TrackingTokens(config.tracking().secret());
            tokens = current;
        }
        return current;
    }
}
