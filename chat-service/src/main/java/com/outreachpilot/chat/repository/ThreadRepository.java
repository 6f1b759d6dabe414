package com.outreachpilot.chat.repository;

import com.outreachpilot.chat.domain.ChatThread;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ThreadRepository implements PanacheRepositoryBase<ChatThread, UUID> {

    /** The organization's thread, or null (unknown or another organization's). */
    public Uni<ChatThread> find(OrgId orgId, UUID id) {
        return find("id = ?1 and orgId = ?2", id, orgId.toString()).firstResult();
    }

    /** The organization's thread locked until the transaction ends (messages are appended one exchange at a time). */
    public Uni<ChatThread> lock(OrgId orgId, UUID id) {
        return find("id = ?1 and orgId = ?2", id, orgId.toString()).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Most recently active first. */
    public Uni<List<ChatThread>> page(OrgId orgId, PageRequest page) {
        return find("orgId = ?1 order by updatedAt desc, id", orgId.toString())
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<Long> count(OrgId orgId) {
        return count("orgId", orgId.toString());
    }

    /** Deletes the organization's threads and their messages (on delete cascade), in the caller's transaction. */
    public Uni<Void> deleteOrganization(OrgId orgId) {
        // one native statement, where Panache would load every thread first
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("delete from chat_thread where org_id = ?1")
                        .setParameter(1, orgId.toString())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
