package com.outreachpilot.campaigns.domain;

import com.outreachpilot.campaigns.client.EmailSender;
import com.outreachpilot.campaigns.client.EmailSender.Outcome;
import com.outreachpilot.campaigns.config.CampaignsConfig;
import com.outreachpilot.campaigns.events.CampaignEvents;
import com.outreachpilot.campaigns.events.EmailEvents;
import com.outreachpilot.campaigns.repository.CampaignRepository;
import com.outreachpilot.campaigns.repository.EmailRepository;
import com.outreachpilot.campaigns.repository.EnrollmentRepository;
import com.outreachpilot.campaigns.repository.SendRepository;
import com.outreachpilot.campaigns.repository.SendRepository.Attempt;
import com.outreachpilot.campaigns.repository.StatusCounts;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.data.jobs.BackgroundLoop;
import com.outreachpilot.platform.data.jobs.SafeContext;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends each enrolled contact's due step. A run claims a batch of due enrollments (FOR UPDATE SKIP LOCKED with
 * a lease, so replicas never hold the same one), keeps those whose campaign's window is closed or whose day's
 * limit is reached for later, records each attempt before handing the email to SMTP, and then records its
 * outcome: sent (the member moves to the next step, or completes; {@code email.sent}), bounced on a permanent
 * refusal ({@code email.bounced}), or retried with back-off after a transient failure until it ends as failed.
 *
 * <p>A step is sent at most once per contact: an attempt found recorded but unfinished (a replica died after
 * recording it, possibly after the server accepted the email) is not sent again; the member moves on. When
 * every member of an active campaign has finished, the campaign completes ({@code campaign.completed}).
 */
@ApplicationScoped
public class Sequencer {

    private static final Logger LOG = Logger.getLogger(Sequencer.class);

    @Inject
    Vertx vertx;

    @Inject
    CampaignsConfig config;

    @Inject
    SendRepository sends;

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    EmailRepository emails;

    @Inject
    CampaignRepository campaigns;

    @Inject
    EmailSender sender;

    @Inject
    com.outreachpilot.campaigns.repository.SuppressionRepository suppressions;

    @Inject
    Outbox outbox;

    @Inject
    StatusCounts counts;

    @Inject
    Clock clock;

    private BackgroundLoop loop;
    private volatile EmailComposer composer;

    void start(@Observes StartupEvent event) {
        if (config.sequencer().enabled()) {
            loop = new BackgroundLoop("campaign-sequencer", vertx, config.sequencer().pollInterval(), this::runOnce);
            loop.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }

    /** Look for due steps now rather than at the next poll (e.g. a contact was just enrolled). */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    /** One run: claims and handles a batch; true when the batch was full (more may be due). */
    public Uni<Boolean> runOnce() {
        var settings = config.sequencer();
        Instant now = clock.now();
        return sends.claimDue(now, settings.batchSize(), now.plus(settings.lease())).chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            return Panache.withSession(() -> enrollments.byIds(ids).chain(claimed -> {
                        Set<UUID> campaignIds = new java.util.HashSet<>();
                        claimed.forEach(e -> campaignIds.add(e.campaignId));
                        return campaigns.byIds(List.copyOf(campaignIds))
                                .map(found -> group(claimed, found));
                    }))
                    .chain(batch -> handle(batch, now))
                    .replaceWith(ids.size() == settings.batchSize());
        });
    }

    private static Map<Campaign, List<Enrollment>> group(List<Enrollment> claimed, List<Campaign> found) {
        Map<UUID, Campaign> byId = new HashMap<>();
        found.forEach(c -> byId.put(c.id, c));
        Map<Campaign, List<Enrollment>> batch = new LinkedHashMap<>();
        for (Enrollment e : claimed) {
            batch.computeIfAbsent(byId.get(e.campaignId), c -> new ArrayList<>()).add(e);
        }
        return batch;
    }

    private Uni<Void> handle(Map<Campaign, List<Enrollment>> batch, Instant now) {
        List<Uni<Void>> work = new ArrayList<>();
        for (Map.Entry<Campaign, List<Enrollment>> entry : batch.entrySet()) {
            // each on a context of its own: concurrent transactions never share a session
            work.add(SafeContext.run(vertx, () -> handleCampaign(entry.getKey(), entry.getValue(), now)));
        }
        return Uni.join().all(work).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> handleCampaign(Campaign c, List<Enrollment> members, Instant now) {
        Schedule schedule = c.schedule;
        List<Enrollment> finished = new ArrayList<>();
        List<Enrollment> waiting = new ArrayList<>();
        List<Enrollment> due = new ArrayList<>();
        for (Enrollment e : members) {
            if (e.currentStep >= c.steps.size()) {
                finished.add(e); // the campaign's last steps were removed before this member reached them
            } else if (!schedule.isOpen(now)) {
                waiting.add(e);
            } else {
                due.add(e);
            }
        }
        Uni<Void> prepared = tx(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Enrollment e : finished) {
                chain = chain.chain(() -> enrollments.advance(e.id, e.currentStep, null, null, now).replaceWithVoid());
            }
            for (Enrollment e : waiting) {
                chain = chain.chain(() -> enrollments.reschedule(e.id, spreadFrom(schedule, now), null, now).replaceWithVoid());
            }
            return chain;
        });
        return prepared
                .chain(() -> due.isEmpty() ? Uni.createFrom().item(0)
                        : sends.reserve(c.id, schedule.dayOf(now), due.size(), c.settings.dailyLimit()))
                .chain(granted -> {
                    List<Enrollment> tomorrow = due.subList(granted, due.size());
                    Uni<Void> deferred = tomorrow.isEmpty() ? Uni.createFrom().voidItem() : tx(() -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (Enrollment e : tomorrow) {
                            chain = chain.chain(() -> enrollments.reschedule(e.id,
                                    spreadFrom(schedule, schedule.nextDay(now)), null, now).replaceWithVoid());
                        }
                        return chain;
                    });
                    List<Enrollment> today = due.subList(0, granted);
                    return deferred.chain(() -> today.isEmpty() ? Uni.createFrom().voidItem() : sendAll(c, today, now));
                })
                .chain(() -> completeIfFinished(c.id));
    }

    /** An email handed to SMTP and what the server answered. */
    private record Delivery(Enrollment enrollment, Attempt attempt, Outcome outcome) {
    }

    /**
     * Sends the members' due steps (each recorded first, all handed to SMTP concurrently), then records the
     * outcomes: every email the server accepted in one transaction with its {@code email.sent} events (one
     * commit per batch rather than per email: an organization's events keep their order by taking turns at
     * commit, so per-email commits would make one organization's sending as slow as its commits), refusals one
     * by one.
     */
    private Uni<Void> sendAll(Campaign c, List<Enrollment> members, Instant now) {
        List<Uni<Delivery>> sending = new ArrayList<>();
        for (Enrollment e : members) {
            sending.add(SafeContext.run(vertx, () -> send(c, e, now)).onFailure().recoverWithItem(failure -> {
                LOG.warnf("Campaign %s, contact %s: the step could not be sent or its outcome recorded: %s", c.id,
                        e.contactId, failure.toString());
                return null;
            }));
        }
        return Uni.join().all(sending).andFailFast().chain(deliveries -> {
            List<Delivery> sent = new ArrayList<>();
            List<Uni<Void>> settling = new ArrayList<>();
            for (Delivery d : deliveries) {
                if (d == null) {
                    continue;
                }
                if (d.outcome().kind() == Outcome.Kind.SENT) {
                    sent.add(d);
                } else {
                    settling.add(SafeContext.run(vertx, () -> settleRefused(c, d)).onFailure().recoverWithItem(failure -> {
                        LOG.warnf("Campaign %s, contact %s: the step's outcome could not be recorded: %s", c.id,
                                d.enrollment().contactId, failure.toString());
                        return null;
                    }));
                }
            }
            if (!sent.isEmpty()) {
                settling.add(SafeContext.run(vertx, () -> settleSent(c, sent)).onFailure().recoverWithItem(failure -> {
                    // left 'sending': once their lease ends they are found interrupted, and never sent twice
                    LOG.warnf("Campaign %s: %d sent emails could not be recorded: %s", c.id, sent.size(),
                            failure.toString());
                    return null;
                }));
            }
            return settling.isEmpty() ? Uni.createFrom().voidItem()
                    : Uni.join().all(settling).andFailFast().replaceWithVoid();
        });
    }

    /** Records the attempt and hands the email to SMTP; null when the step must not be sent (it was handled). */
    private Uni<Delivery> send(Campaign c, Enrollment e, Instant now) {
        int index = e.currentStep;
        String messageId = "<" + Ids.newUuid() + "@" + domainOf(c.sender.fromEmail()) + ">";
        String token = TrackingTokens.newEmailToken();
        var data = new Templates.Personalization(e.email, e.firstName, e.lastName, e.company, e.title, e.context);
        EmailComposer.Composed composed = composer().compose(c.steps.get(index), c.settings, data, token);
        String links = new Columns.LinksColumn().convertToDatabaseColumn(composed.links());
        return sends.recordAttempt(Ids.newUuid(), e.orgId, c.id, e.id, e.contactId, index, messageId, token, links, now)
                .chain(attempt -> attempt == null ? interrupted(c, e).replaceWith((Delivery) null)
                        : deliver(c, e, attempt, composed));
    }

    private EmailComposer composer() {
        EmailComposer current = composer;
        if (current == null) {
            current = new EmailComposer(new TrackingTokens(config.tracking().secret()), config.tracking().baseUrl());
            composer = current;
        }
        return current;
    }

    /** The step's attempt was recorded before and never finished: it may have been sent, so it is not sent again. */
    private Uni<Void> interrupted(Campaign c, Enrollment e) {
        Instant now = clock.now();
        LOG.warnf("Campaign %s, contact %s: step %d was interrupted earlier and is not sent again", c.id, e.contactId,
                e.currentStep + 1);
        return tx(() -> emails.findStep(e.id, e.currentStep).chain(email -> {
            Uni<Integer> marked = email != null && Email.SENDING.equals(email.status)
                    ? emails.settle(e.id, e.currentStep, Email.INTERRUPTED, "Interrupted before its outcome was recorded",
                    null, now) : Uni.createFrom().item(0);
            return marked.chain(() -> advance(c, e, null, now));
        }));
    }

    private Uni<Delivery> deliver(Campaign c, Enrollment e, Attempt attempt, EmailComposer.Composed composed) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Message-ID", attempt.messageId());
        headers.putAll(composed.headers());
        var outgoing = new EmailSender.Outgoing(c.sender.fromName(), c.sender.fromEmail(), c.sender.replyTo(), e.email,
                composed.subject(), composed.text(), composed.html(), headers);
        return sender.send(outgoing).map(outcome -> new Delivery(e, attempt, outcome));
    }

    /**
     * In one transaction: the accepted emails are sent, their members move to their next step (or complete), and
     * the {@code email.sent} events are appended. Members on the same step due at the same moment move together.
     */
    private Uni<Void> settleSent(Campaign c, List<Delivery> sent) {
        Instant now = clock.now();
        Map<Integer, List<UUID>> byStep = new LinkedHashMap<>();
        Map<Map.Entry<Integer, Instant>, List<UUID>> byNext = new LinkedHashMap<>();
        List<DomainEvent> events = new ArrayList<>();
        for (Delivery d : sent) {
            Enrollment e = d.enrollment();
            int index = e.currentStep;
            byStep.computeIfAbsent(index, k -> new ArrayList<>()).add(e.id);
            int next = index + 1;
            Instant nextSendAt = next >= c.steps.size() ? null
                    : spreadFrom(c.schedule, now.plus(c.steps.get(next).delay().duration()));
            byNext.computeIfAbsent(new java.util.AbstractMap.SimpleImmutableEntry<>(next, nextSendAt),
                    k -> new ArrayList<>()).add(e.id);
            events.add(EmailEvents.of(EventType.EMAIL_SENT, e.orgId, c.id, index, e.contactId, e.email,
                    d.attempt().messageId(), now, null, null));
        }
        return tx(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<Integer, List<UUID>> step : byStep.entrySet()) {
                chain = chain.chain(() -> emails.settleSent(step.getValue(), step.getKey(), now).replaceWithVoid());
            }
            for (Map.Entry<Map.Entry<Integer, Instant>, List<UUID>> group : byNext.entrySet()) {
                chain = chain.chain(() -> enrollments.advanceAll(group.getValue(), group.getKey().getKey(),
                        group.getKey().getValue(), now, now).replaceWithVoid());
            }
            return chain.chain(() -> outbox.append(events));
        });
    }

    /** A refusal: permanent (the address bounces) or transient (retried with back-off, then failed). */
    private Uni<Void> settleRefused(Campaign c, Delivery d) {
        Instant now = clock.now();
        Enrollment e = d.enrollment();
        Attempt attempt = d.attempt();
        Outcome outcome = d.outcome();
        int index = e.currentStep;
        return switch (outcome.kind()) {
            case SENT -> throw new IllegalArgumentException("an accepted email is recorded with its batch");
            // the address bounces: no campaign of the organization mails it again
            case PERMANENT -> tx(() -> emails.settle(e.id, index, Email.BOUNCED, outcome.detail(), null, now)
                    .chain(() -> suppressions.add(e.orgId, e.contactId, e.email, Enrollment.BOUNCED, now))
                    .chain(() -> enrollments.endEverywhere(e.orgId, e.contactId, Enrollment.BOUNCED, outcome.detail(), now))
                    .chain(() -> outbox.append(EmailEvents.of(EventType.EMAIL_BOUNCED, e.orgId, c.id, index,
                            e.contactId, e.email, attempt.messageId(), now, outcome.detail(), null))));
            case TRANSIENT -> {
                if (attempt.number() >= config.sequencer().maxAttempts()) {
                    yield tx(() -> emails.settle(e.id, index, Email.FAILED, outcome.detail(), null, now)
                            .chain(() -> enrollments.end(e.id, Enrollment.FAILED, "Gave up after " + attempt.number()
                                    + " attempts: " + outcome.detail(), now))
                            .replaceWithVoid());
                }
                Duration wait = config.sequencer().retryBackoff().multipliedBy(1L << Math.min(attempt.number() - 1, 16));
                yield tx(() -> emails.settle(e.id, index, Email.DEFERRED, outcome.detail(), null, now)
                        .chain(() -> enrollments.reschedule(e.id, now.plus(wait), outcome.detail(), now))
                        .replaceWithVoid());
            }
        };
    }

    /** Moves the member past its current step: to the next one (due after its delay, in the window) or to completed. */
    private Uni<Void> advance(Campaign c, Enrollment e, Instant sentAt, Instant now) {
        int next = e.currentStep + 1;
        Instant nextSendAt = next >= c.steps.size() ? null
                : spreadFrom(c.schedule, now.plus(c.steps.get(next).delay().duration()));
        return enrollments.advance(e.id, next, nextSendAt, sentAt, now).replaceWithVoid();
    }

    /**
     * Completes an active campaign none of whose members is still in the sequence. The campaign row is locked
     * first, so a trigger either committed before (and its member is counted) or finds the campaign completed.
     */
    public Uni<Void> completeIfFinished(UUID campaignId) {
        return tx(() -> campaigns.lockLive(campaignId)
                .chain(c -> {
                    if (c == null || !Campaign.ACTIVE.equals(c.status)) {
                        return Uni.createFrom().voidItem();
                    }
                    return counts.of(c.id).chain(n -> {
                                long open = n.members(Enrollment.ACTIVE) + n.members(Enrollment.PAUSED);
                                if (open > 0 || n.members(null) == 0) {
                                    return Uni.createFrom().voidItem();
                                }
                                Instant now = clock.now();
                                c.status = Campaign.COMPLETED;
                                c.updatedAt = now;
                                List<DomainEvent> events = List.of(
                                        CampaignEvents.updated(c.orgId, c.snapshot(), Campaign.ACTIVE),
                                        CampaignEvents.completed(c.orgId, c.snapshot(), now));
                                return outbox.append(events);
                            });
                }));
    }

    /** {@code at} if the window is open then; else a moment spread over the start of the next opening. */
    Instant spreadFrom(Schedule schedule, Instant at) {
        Instant opening = schedule.nextOpening(at);
        if (opening.equals(at)) {
            return at;
        }
        long spread = Math.min(config.sequencer().spread().toMillis(), schedule.length().toMillis());
        return opening.plusMillis(spread <= 0 ? 0 : ThreadLocalRandom.current().nextLong(spread));
    }

    private static <T> Uni<Void> tx(java.util.function.Supplier<Uni<T>> work) {
        return Panache.withTransaction(work::get).replaceWithVoid();
    }

    private static String domainOf(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? "outreachpilot.local" : email.substring(at + 1);
    }

}
