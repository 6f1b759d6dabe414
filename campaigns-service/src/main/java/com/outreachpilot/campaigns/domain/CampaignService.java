package com.outreachpilot.campaigns.domain;

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
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Campaigns: create, read, change, delete, and their lifecycle {@code draft → active ⇄ paused → completed}.
 * Every change publishes {@code campaign.created} or {@code campaign.updated} (a status change carries the
 * status it left) in the same transaction.
 *
 * <p>The editing rule while contacts are enrolled: steps may be changed (text, delays) and added at the end,
 * but the sequence may not become shorter than the furthest step an active or paused member is waiting for,
 * since that member would silently skip to the end; such an update is a 422 on {@code steps} saying how many
 * steps must remain.
 */
@ApplicationScoped
public class CampaignService {

    /** A campaign and how many members it has in each state. */
    public record CampaignStatus(CampaignSnapshot campaign, Map<String, Long> audience, List<StepCounts> steps) {
    }

    /** What became of one step's emails (step counts from 1). */
    public record StepCounts(int step, long sent, long opened, long clicked, long bounced) {
    }

    @Inject
    CampaignRepository campaigns;

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    StatusCounts counts;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @WithTransaction
    public Uni<CampaignSnapshot> create(OrgId orgId, CampaignFields fields) {
        Campaign c = new Campaign();
        c.id = Ids.newUuid();
        c.orgId = orgId.toString();
        c.name = fields.name().trim();
        c.status = Campaign.DRAFT;
        c.sender = fields.sender();
        c.steps = fields.steps() == null ? List.of() : List.copyOf(fields.steps());
        c.schedule = fields.schedule(null);
        c.settings = fields.settings(null);
        check(c);
        c.createdAt = clock.now();
        c.updatedAt = c.createdAt;
        return campaigns.persist(c).chain(() -> outbox.append(CampaignEvents.created(c.orgId, c.snapshot())))
                .map(ignored -> c.snapshot());
    }

    @WithSession
    public Uni<Page<CampaignSnapshot>> list(OrgId orgId, String status, PageRequest page) {
        String org = orgId.toString();
        return campaigns.page(org, status, page).chain(items -> campaigns.countLive(org, status)
                .map(total -> new Page<>(items, total, page).map(Campaign::snapshot)));
    }

    @WithSession
    public Uni<CampaignSnapshot> get(OrgId orgId, UUID id) {
        return existing(orgId, id).map(Campaign::snapshot);
    }

    /** Changes what was given; see the class comment for what may change while contacts are enrolled. */
    @WithTransaction
    public Uni<CampaignSnapshot> update(OrgId orgId, UUID id, CampaignFields fields) {
        return locked(orgId, id).chain(c -> {
            Uni<Void> stepsAllowed = Uni.createFrom().voidItem();
            if (fields.steps() != null) {
                if (fields.steps().isEmpty() && !Campaign.DRAFT.equals(c.status)) {
                    throw ApiException.invalid("steps", "must keep at least one step once the campaign was activated");
                }
                stepsAllowed = enrollments.highestOpenStep(c.orgId, c.id).invoke(highest -> {
                    if (fields.steps().size() <= highest) {
                        throw ApiException.invalid("steps", "must keep at least " + (highest + 1) + " steps: contacts"
                                + " of this campaign are waiting for step " + (highest + 1) + " (steps may be changed"
                                + " or added at the end, not removed while someone is on them)");
                    }
                }).replaceWithVoid();
            }
            return stepsAllowed.chain(() -> {
                if (fields.name() != null) {
                    c.name = fields.name().trim();
                }
                if (fields.sender() != null) {
                    c.sender = fields.sender();
                }
                if (fields.steps() != null) {
                    c.steps = List.copyOf(fields.steps());
                }
                c.schedule = fields.schedule(c.schedule);
                c.settings = fields.settings(c.settings);
                check(c);
                c.updatedAt = clock.now();
                return outbox.append(CampaignEvents.updated(c.orgId, c.snapshot(), null)).map(ignored -> c.snapshot());
            });
        });
    }

    /** Deletes the campaign: it disappears from the API and nothing more is sent for it. */
    @WithTransaction
    public Uni<UUID> delete(OrgId orgId, UUID id) {
        return locked(orgId, id).chain(c -> {
            c.deletedAt = clock.now();
            c.updatedAt = c.deletedAt;
            return outbox.append(CampaignEvents.deleted(c.orgId, c.snapshot(), c.deletedAt)).map(ignored -> c.id);
        });
    }

    /** Starts (or resumes) sending: needs a sender and at least one step. */
    @WithTransaction
    public Uni<CampaignSnapshot> activate(OrgId orgId, UUID id) {
        return locked(orgId, id).chain(c -> {
            if (Campaign.COMPLETED.equals(c.status)) {
                throw new ApiException(ErrorCode.VALIDATION_ERROR, "A completed campaign cannot be activated again",
                        "Every enrolled contact finished the sequence; create a new campaign to reach them again");
            }
            List<com.outreachpilot.platform.error.FieldError> missing = new ArrayList<>();
            if (c.sender == null) {
                missing.add(new com.outreachpilot.platform.error.FieldError("sender",
                        "is required to activate: {from_name, from_email, reply_to?}"));
            }
            if (c.steps.isEmpty()) {
                missing.add(new com.outreachpilot.platform.error.FieldError("steps",
                        "must hold at least one step to activate"));
            }
            if (!missing.isEmpty()) {
                throw ApiException.invalid(missing);
            }
            return changeStatus(c, Campaign.ACTIVE);
        });
    }

    /** Stops sending until activated again; members keep their place. */
    @WithTransaction
    public Uni<CampaignSnapshot> pause(OrgId orgId, UUID id) {
        return locked(orgId, id).chain(c -> {
            if (!Campaign.ACTIVE.equals(c.status) && !Campaign.PAUSED.equals(c.status)) {
                throw new ApiException(ErrorCode.CAMPAIGN_NOT_ACTIVE, "Only an active campaign can be paused",
                        "The campaign is " + c.status);
            }
            return changeStatus(c, Campaign.PAUSED);
        });
    }

    /** The campaign and its audience counts by state. */
    @WithSession
    public Uni<CampaignStatus> status(OrgId orgId, UUID id) {
        return existing(orgId, id).chain(c -> counts.of(c.id).map(n -> {
            List<StepCounts> steps = new ArrayList<>();
            for (int i = 0; i < c.steps.size(); i++) {
                long[] step = n.step(i);
                steps.add(new StepCounts(i + 1, step[0], step[1], step[2], step[3]));
            }
            return new CampaignStatus(c.snapshot(), n.audience(), steps);
        }));
    }

    private Uni<CampaignSnapshot> changeStatus(Campaign c, String status) {
        if (status.equals(c.status)) {
            return Uni.createFrom().item(c.snapshot());
        }
        String previous = c.status;
        c.status = status;
        c.updatedAt = clock.now();
        return outbox.append(CampaignEvents.updated(c.orgId, c.snapshot(), previous)).map(ignored -> c.snapshot());
    }

    /** Rules Bean Validation cannot state: a real time zone, a window that is not empty, templates that render. */
    static void check(Campaign c) {
        try {
            ZoneId.of(c.schedule.timezone());
        } catch (DateTimeException e) {
            throw ApiException.invalid("schedule.timezone", "must be an IANA time zone such as Europe/Paris or UTC");
        }
        if (!c.schedule.endsAtMidnight() && !c.schedule.startTime().isBefore(c.schedule.endTime())) {
            throw ApiException.invalid("schedule.end", "must be later than schedule.start");
        }
        Templates.check(c.steps);
    }

    Uni<Campaign> existing(OrgId orgId, UUID id) {
        return campaigns.findInOrg(orgId.toString(), id).onItem().ifNull().failWith(() -> ApiException.notFound("Campaign"));
    }

    private Uni<Campaign> locked(OrgId orgId, UUID id) {
        return campaigns.lockInOrg(orgId.toString(), id).onItem().ifNull().failWith(() -> ApiException.notFound("Campaign"));
    }
}
