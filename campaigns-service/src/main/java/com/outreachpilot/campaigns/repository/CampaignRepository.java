package com.outreachpilot.campaigns.repository;

import com.outreachpilot.campaigns.domain.Campaign;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

/** Campaigns, always of one organization and never deleted ones. */
@ApplicationScoped
public class CampaignRepository implements PanacheRepositoryBase<Campaign, UUID> {

    public Uni<Campaign> findInOrg(String orgId, UUID id) {
        return find("id = ?1 and orgId = ?2 and deletedAt is null", id, orgId).firstResult();
    }

    /** The campaign, locked against concurrent status changes until the transaction ends. */
    public Uni<Campaign> lockInOrg(String orgId, UUID id) {
        return find("id = ?1 and orgId = ?2 and deletedAt is null", id, orgId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** The campaign, share-locked: concurrent triggers proceed together, a status change waits for them. */
    public Uni<Campaign> lockSharedInOrg(String orgId, UUID id) {
        return find("id = ?1 and orgId = ?2 and deletedAt is null", id, orgId).withLock(LockModeType.PESSIMISTIC_READ)
                .firstResult();
    }

    /** A live campaign of any organization, locked (the sequencer's completion check, which has no caller). */
    public Uni<Campaign> lockLive(UUID id) {
        return find("id = ?1 and deletedAt is null", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<Campaign>> byIds(List<UUID> ids) {
        return list("id in ?1", ids);
    }

    public Uni<List<Campaign>> page(String orgId, String status, PageRequest page) {
        return find(query(status) + " order by createdAt, id", parameters(orgId, status))
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<Long> countLive(String orgId, String status) {
        return count(query(status), parameters(orgId, status));
    }

    private static String query(String status) {
        return "orgId = ?1 and deletedAt is null" + (status == null ? "" : " and status = ?2");
    }

    private static Object[] parameters(String orgId, String status) {
        return status == null ? new Object[]{orgId} : new Object[]{orgId, status};
    }
}
