package com.outreachpilot.campaigns.domain;

import com.outreachpilot.campaigns.client.ContactsClient;
import com.outreachpilot.campaigns.client.ContactsClient.ContactRecord;
import com.outreachpilot.campaigns.events.CampaignEvents;
import com.outreachpilot.campaigns.repository.CampaignRepository;
import com.outreachpilot.campaigns.repository.EnrollmentRepository;
import com.outreachpilot.campaigns.repository.StatusCounts;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.UUID;

/**
 * A campaign's audience: triggering enrolls a contact (once per campaign, also under concurrent triggers),
 * copying what its emails need; members can be listed, paused, resumed and removed.
 */
@ApplicationScoped
public class EnrollmentService {

    /** Contact statuses that may not be mailed. */
    static final Set<String> UNREACHABLE = Set.of("unsubscribed", "bounced");

    /** Who to enroll: an existing contact's id, or fields to find or create the contact by email. */
    public record TriggerTarget(UUID contactId, String email, String firstName, String lastName, String company) {
    }

    /** The outcome of a trigger. */
    public record Triggered(UUID campaignId, UUID contactId, boolean alreadyEnrolled) {
    }

    @Inject
    StatusCounts counts;

    @Inject
    CampaignRepository campaigns;

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    ContactsClient contacts;

    @Inject
    Outbox outbox;

    @Inject
    Sequencer sequencer;

    @Inject
    com.outreachpilot.campaigns.repository.SuppressionRepository suppressions;

    @Inject
    Clock clock;

    /**
     * Enrolls the contact in the active campaign: 404 for an unknown campaign or contact (another
     * organization's included), 400 CAMPAIGN_NOT_ACTIVE unless the campaign is active, 422 for a contact who
     * unsubscribed or bounced. Emits {@code campaign.triggered} only when the contact was not yet enrolled.
     */
    public Uni<Triggered> trigger(OrgId orgId, UUID campaignId, TriggerTarget target, String token) {
        String org = orgId.toString();
        return Panache.withSession(() -> campaigns.findInOrg(org, campaignId))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Campaign"))
                .invoke(EnrollmentService::requireActive)
                .chain(() -> resolve(target, token))
                .chain(contact -> {
                    if (UNREACHABLE.contains(contact.status())) {
                        throw ApiException.invalid(target.contactId() != null ? "contact_id" : "email",
                                "the contact is " + contact.status() + " and is not enrolled in campaigns");
                    }
                    return Panache.withTransaction(() -> enroll(org, campaignId, contact,
                            target.contactId() != null ? "contact_id" : "email"));
                })
                .invoke(triggered -> {
                    if (!triggered.alreadyEnrolled()) {
                        sequencer.wake();
                    }
                });
    }

    private Uni<Triggered> enroll(String org, UUID campaignId, ContactRecord contact, String field) {
        // FOR SHARE: triggers run side by side, but a concurrent pause or completion waits for them (and they for it)
        return campaigns.lockSharedInOrg(org, campaignId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Campaign"))
                .call(c -> {
                    requireActive(c);
                    return suppressions.reason(org, contact.id(), contact.email()).invoke(reason -> {
                        if (reason != null) {
                            throw ApiException.invalid(field, "the contact is " + reason
                                    + " and is not enrolled in this organization's campaigns");
                        }
                    });
                })
                .chain(c -> {
                    Instant now = clock.now();
                    Enrollment e = new Enrollment();
                    e.id = Ids.newUuid();
                    e.orgId = org;
                    e.campaignId = campaignId;
                    e.contactId = contact.id();
                    e.email = contact.email();
                    e.firstName = contact.firstName();
                    e.lastName = contact.lastName();
                    e.company = contact.company();
                    e.title = contact.title();
                    e.context = contact.context() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(contact.context());
                    e.status = Enrollment.ACTIVE;
                    e.nextSendAt = now.plus(c.steps.get(0).delay().duration());
                    e.createdAt = now;
                    e.updatedAt = now;
                    return enrollments.insertIfAbsent(e).chain(inserted -> !inserted
                            ? Uni.createFrom().item(new Triggered(campaignId, contact.id(), true))
                            : outbox.append(CampaignEvents.triggered(org, campaignId, contact.id(), contact.email(), now))
                                    .replaceWith(new Triggered(campaignId, contact.id(), false)));
                });
    }

    private Uni<ContactRecord> resolve(TriggerTarget target, String token) {
        if (target.contactId() != null) {
            return contacts.byId(token, target.contactId()).onItem().ifNull().failWith(() -> ApiException.notFound("Contact"));
        }
        return contacts.findOrCreate(token, new ContactsClient.NewContact(target.email(), target.firstName(),
                target.lastName(), target.company()));
    }

    static void requireActive(Campaign c) {
        if (!Campaign.ACTIVE.equals(c.status)) {
            throw new ApiException(ErrorCode.CAMPAIGN_NOT_ACTIVE, "Campaign is " + c.status,
                    Campaign.COMPLETED.equals(c.status) ? "The campaign has completed; it enrolls no one any more"
                            : "Activate it first: POST /api/v1/campaigns/" + c.id + "/activate");
        }
    }

    /** The campaign's members in enrollment order, of one state or all. */
    @WithSession
    public Uni<Page<Member>> audience(OrgId orgId, UUID campaignId, String status, PageRequest page) {
        String org = orgId.toString();
        return existingCampaign(org, campaignId)
                .chain(() -> enrollments.page(org, campaignId, status, page))
                .chain(items -> counts.of(campaignId)
                        .map(n -> new Page<>(items, n.members(status), page).map(Enrollment::member)));
    }

    /** A contact's place in one campaign: for "which campaigns is this contact in?". */
    public record ContactEnrollment(UUID campaignId, String campaignName, String campaignStatus, Member member) {
    }

    /** The enrollments of these contacts (of the organization) in its campaigns, oldest first. */
    @WithSession
    public Uni<Page<ContactEnrollment>> ofContacts(OrgId orgId, java.util.List<UUID> contactIds, PageRequest page) {
        String org = orgId.toString();
        return enrollments.ofContacts(org, contactIds, page).chain(found -> enrollments.countOfContacts(org, contactIds)
                .chain(total -> {
                    java.util.List<UUID> ids = found.stream().map(e -> e.campaignId).distinct().toList();
                    Uni<java.util.List<Campaign>> named = ids.isEmpty() ? Uni.createFrom().item(java.util.List.of())
                            : campaigns.byIds(ids);
                    return named.map(list -> {
                        java.util.Map<UUID, Campaign> byId = new java.util.HashMap<>();
                        list.forEach(c -> byId.put(c.id, c));
                        return new Page<>(found.stream().map(e -> {
                            Campaign c = byId.get(e.campaignId);
                            return new ContactEnrollment(e.campaignId, c == null ? null : c.name,
                                    c == null ? null : c.status, e.member());
                        }).toList(), total, page);
                    });
                }));
    }

    /** Pauses or resumes one member; a member who finished (completed, bounced, failed, unsubscribed) stays so. */
    @WithTransaction
    public Uni<Member> setStatus(OrgId orgId, UUID campaignId, UUID contactId, String status) {
        String org = orgId.toString();
        return existingMember(org, campaignId, contactId).map(e -> {
            if (Enrollment.FINAL.contains(e.status)) {
                throw ApiException.invalid("status", "the contact is " + e.status + " in this campaign; only active"
                        + " or paused members can be paused or resumed");
            }
            if (!status.equals(e.status)) {
                e.status = status;
                e.updatedAt = clock.now();
                if (Enrollment.ACTIVE.equals(status) && e.nextSendAt == null) {
                    e.nextSendAt = e.updatedAt;
                }
            }
            return e.member();
        });
    }

    /** Removes a contact from the campaign's audience: nothing more is sent to it by this campaign. */
    public Uni<UUID> remove(OrgId orgId, UUID campaignId, UUID contactId) {
        String org = orgId.toString();
        return Panache.withTransaction(() -> existingMember(org, campaignId, contactId).chain(e -> enrollments.delete(e)))
                .chain(() -> sequencer.completeIfFinished(campaignId))
                .replaceWith(contactId);
    }

    private Uni<Campaign> existingCampaign(String org, UUID campaignId) {
        return campaigns.findInOrg(org, campaignId).onItem().ifNull().failWith(() -> ApiException.notFound("Campaign"));
    }

    private Uni<Enrollment> existingMember(String org, UUID campaignId, UUID contactId) {
        return existingCampaign(org, campaignId).chain(() -> enrollments.findMember(org, campaignId, contactId))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Contact"));
    }
}
