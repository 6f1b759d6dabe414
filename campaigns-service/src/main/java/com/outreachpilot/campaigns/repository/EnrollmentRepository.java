package com.outreachpilot.campaigns.repository;

import com.outreachpilot.campaigns.domain.Enrollment;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The audience of campaigns: one enrollment per contact per campaign, always read within one organization. */
@ApplicationScoped
public class EnrollmentRepository implements PanacheRepositoryBase<Enrollment, UUID> {

    /**
     * Inserts the enrollment unless the contact is already in the campaign, in the caller's transaction; true if
     * it was inserted. Native SQL: INSERT … ON CONFLICT DO NOTHING, which Panache cannot express, keeps
     * concurrent triggers of one contact to one row without failing either of them.
     */
    public Uni<Boolean> insertIfAbsent(Enrollment e) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into enrollment (id, org_id,"
                        + " campaign_id, contact_id, email, first_name, last_name, company, title, context, status,"
                        + " current_step, next_send_at, attempts, created_at, updated_at) values (?1, ?2, ?3, ?4, ?5,"
                        + " ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, 0, ?13, ?13) on conflict (campaign_id, contact_id) do nothing")
                .setParameter(1, e.id)
                .setParameter(2, e.orgId)
                .setParameter(3, e.campaignId)
                .setParameter(4, e.contactId)
                .setParameter(5, e.email)
                .setParameter(6, e.firstName)
                .setParameter(7, e.lastName)
                .setParameter(8, e.company)
                .setParameter(9, e.title)
                .setParameter(10, new com.outreachpilot.campaigns.domain.Columns.ContextColumn()
                        .convertToDatabaseColumn(e.context))
                .setParameter(11, e.status)
                .setParameter(12, e.nextSendAt)
                .setParameter(13, e.createdAt)
                .executeUpdate()
                .map(rows -> rows == 1));
    }

    public Uni<Enrollment> findMember(String orgId, UUID campaignId, UUID contactId) {
        return find("orgId = ?1 and campaignId = ?2 and contactId = ?3", orgId, campaignId, contactId).firstResult();
    }

    /** Members of a campaign in enrollment order, of one status or all. */
    public Uni<List<Enrollment>> page(String orgId, UUID campaignId, String status, PageRequest page) {
        return find(query(status) + " order by createdAt, id", parameters(orgId, campaignId, status))
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    private static final String OF_CONTACTS = "orgId = ?1 and contactId in ?2 and campaignId in"
            + " (select c.id from Campaign c where c.orgId = ?1 and c.deletedAt is null)";

    /** The enrollments of these contacts in the organization's campaigns that were not deleted, oldest first. */
    public Uni<List<Enrollment>> ofContacts(String orgId, List<UUID> contactIds, PageRequest page) {
        return find(OF_CONTACTS + " order by createdAt, id", orgId, contactIds)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<Long> countOfContacts(String orgId, List<UUID> contactIds) {
        return count(OF_CONTACTS, orgId, contactIds);
    }

    /** The highest step index a member still in the sequence (active or paused) is on, or -1. */
    public Uni<Integer> highestOpenStep(String orgId, UUID campaignId) {
        return getSession().chain(session -> session.createSelectionQuery("select max(e.currentStep) from Enrollment e"
                        + " where e.campaignId = ?1 and e.orgId = ?2 and e.status in ('active', 'paused')", Integer.class)
                .setParameter(1, campaignId)
                .setParameter(2, orgId)
                .getSingleResultOrNull())
                .map(max -> max == null ? -1 : max);
    }

    /** The enrollments with these ids (the sequencer's claimed batch). */
    public Uni<List<Enrollment>> byIds(List<UUID> ids) {
        return list("id in ?1", ids);
    }

    /**
     * In the caller's transaction: the step was sent; the member moves to {@code nextStep} due at
     * {@code nextSendAt}, or ends as {@code completed} (nextSendAt null). A member paused meanwhile stays paused.
     */
    public Uni<Integer> advance(UUID id, int nextStep, Instant nextSendAt, Instant sentAt, Instant now) {
        return advanceAll(List.of(id), nextStep, nextSendAt, sentAt, now);
    }

    /** The same for several members that move to the same step due at the same moment. */
    public Uni<Integer> advanceAll(List<UUID> ids, int nextStep, Instant nextSendAt, Instant sentAt, Instant now) {
        String status = nextSendAt == null ? Enrollment.COMPLETED : Enrollment.ACTIVE;
        return update("currentStep = ?2, nextSendAt = ?3, lastSentAt = coalesce(?4, lastSentAt), attempts = 0,"
                        + " lastError = null, updatedAt = ?5, status = case when status = 'paused' and ?6 = 'active'"
                        + " then status else ?6 end where id in ?1 and status in ('active', 'paused')",
                ids, nextStep, nextSendAt, sentAt, now, status);
    }

    /** In the caller's transaction: the member's current step is due again at {@code at}. */
    public Uni<Integer> reschedule(UUID id, Instant at, String error, Instant now) {
        return update("nextSendAt = ?2, lastError = ?3, updatedAt = ?4 where id = ?1 and status = 'active'", id, at,
                error, now);
    }

    /** In the caller's transaction: the member ends in a final state (bounced, failed, unsubscribed, completed). */
    public Uni<Integer> end(UUID id, String status, String error, Instant now) {
        return update("status = ?2, nextSendAt = null, lastError = ?3, updatedAt = ?4 where id = ?1"
                + " and status in ('active', 'paused')", id, status, error, now);
    }

    /** Campaigns in which the organization's contact is still in the sequence. */
    public Uni<List<UUID>> openCampaignsOf(String orgId, UUID contactId) {
        return getSession().chain(session -> session.createSelectionQuery("select distinct e.campaignId from Enrollment e"
                        + " where e.orgId = ?1 and e.contactId = ?2 and e.status in ('active', 'paused')", UUID.class)
                .setParameter(1, orgId)
                .setParameter(2, contactId)
                .getResultList());
    }

    /** In the caller's transaction: the contact leaves every sequence of the organization in state {@code status}. */
    /** In the caller's transaction: the contact leaves the sequences of these campaigns in state {@code status}. */
    public Uni<Integer> endIn(String orgId, UUID contactId, List<UUID> campaignIds, String status, String reason,
                              Instant now) {
        return update("status = ?3, nextSendAt = null, lastError = ?4, updatedAt = ?5 where orgId = ?1 and contactId = ?2"
                + " and campaignId in ?6 and status in ('active', 'paused')", orgId, contactId, status, reason, now, campaignIds);
    }

    public Uni<Integer> endEverywhere(String orgId, UUID contactId, String status, String reason, Instant now) {
        return update("status = ?3, nextSendAt = null, lastError = ?4, updatedAt = ?5 where orgId = ?1 and contactId = ?2"
                + " and status in ('active', 'paused')", orgId, contactId, status, reason, now);
    }

    public Uni<Integer> opened(UUID id, Instant at) {
        return update("lastOpenedAt = ?2 where id = ?1 and lastOpenedAt is null or id = ?1 and lastOpenedAt < ?2", id, at);
    }

    public Uni<Integer> clicked(UUID id, Instant at) {
        return update("lastClickedAt = ?2 where id = ?1", id, at);
    }

    /** In the caller's transaction: what the contact's enrollments copied is replaced by its current fields. */
    public Uni<Integer> refresh(String orgId, UUID contactId, String email, String firstName, String lastName,
            String company, String title, Map<String, Object> context, Instant now) {
        return update("email = ?3, firstName = ?4, lastName = ?5, company = ?6, title = ?7, context = ?8, updatedAt = ?9"
                        + " where orgId = ?1 and contactId = ?2", orgId, contactId, email, firstName, lastName, company,
                title, context == null ? new LinkedHashMap<String, Object>() : context, now);
    }

    /** In the caller's transaction: the contact leaves every audience of the organization. */
    public Uni<Long> removeEverywhere(String orgId, UUID contactId) {
        return delete("orgId = ?1 and contactId = ?2", orgId, contactId);
    }

    /** How many members are still in the sequence (active or paused). */
    private static String query(String status) {
        return "orgId = ?1 and campaignId = ?2" + (status == null ? "" : " and status = ?3");
    }

    private static Object[] parameters(String orgId, UUID campaignId, String status) {
        return status == null ? new Object[]{orgId, campaignId} : new Object[]{orgId, campaignId, status};
    }
}
