package com.outreachpilot.campaigns.domain;

import com.outreachpilot.campaigns.repository.CampaignRepository;
import com.outreachpilot.campaigns.repository.EnrollmentRepository;
import com.outreachpilot.campaigns.repository.SuppressionRepository;
import com.outreachpilot.platform.time.Clock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a change of a contact in contacts-service means for the audiences it is in. Runs in the caller's
 * transaction (the event consumer's, which also records the event as handled).
 */
@ApplicationScoped
public class AudienceUpkeep {

    /** contacts-service's status for a contact who replied (set by a client or a mailbox integration). */
    static final String REPLIED = "replied";

    /** A contact's fields as contacts-service published them. */
    public record ContactCopy(UUID id, String email, String firstName, String lastName, String company, String title,
                              String status, Map<String, Object> context) {
    }

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    SuppressionRepository suppressions;

    @Inject
    CampaignRepository campaigns;

    @Inject
    Sequencer sequencer;

    @Inject
    Clock clock;

    /** Refreshes the copied fields; a contact now unsubscribed or bounced leaves every sequence. */
    public Uni<Void> updated(String orgId, ContactCopy contact) {
        var now = clock.now();
        Uni<Integer> refreshed = contact.email() == null ? Uni.createFrom().item(0)
                : enrollments.refresh(orgId, contact.id(), contact.email(), contact.firstName(), contact.lastName(),
                contact.company(), contact.title(), contact.context(), now);
        if (REPLIED.equals(contact.status())) {
            // a reply ends the sequence of every campaign that stops on reply (the others go on)
            return refreshed.chain(() -> enrollments.openCampaignsOf(orgId, contact.id()))
                    .chain(open -> open.isEmpty() ? Uni.createFrom().item(List.<UUID>of()) : campaigns.byIds(open)
                            .map(found -> found.stream().filter(c -> c.settings != null && c.settings.stopOnReply())
                                    .map(c -> c.id).toList()))
                    .call(stopping -> stopping.isEmpty() ? Uni.createFrom().voidItem()
                            : enrollments.endIn(orgId, contact.id(), stopping, Enrollment.COMPLETED,
                            "Replied (the campaign stops on reply)", now).replaceWithVoid())
                    .chain(this::completeThoseFinished);
        }
        if (!EnrollmentService.UNREACHABLE.contains(contact.status())) {
            return refreshed.replaceWithVoid();
        }
        String status = "bounced".equals(contact.status()) ? Enrollment.BOUNCED : Enrollment.UNSUBSCRIBED;
        return refreshed
                .chain(() -> suppressions.add(orgId, contact.id(), contact.email(), status, now))
                .chain(() -> enrollments.openCampaignsOf(orgId, contact.id()))
                .call(campaigns -> enrollments.endEverywhere(orgId, contact.id(), status,
                        "Marked " + contact.status() + " in contacts", now))
                .chain(this::completeThoseFinished);
    }

    /** The contact leaves every audience of the organization; a campaign it was the last one in completes. */
    public Uni<Void> deleted(String orgId, UUID contactId) {
        return enrollments.openCampaignsOf(orgId, contactId)
                .call(() -> enrollments.removeEverywhere(orgId, contactId))
                .chain(this::completeThoseFinished);
    }

    /** The campaigns a contact just left complete when no one is left in their sequence (one at a time). */
    private Uni<Void> completeThoseFinished(List<UUID> campaigns) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID campaign : campaigns) {
            chain = chain.chain(() -> sequencer.completeIfFinished(campaign));
        }
        return chain;
    }

}
