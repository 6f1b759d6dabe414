package com.outreachpilot.contacts.repository;

import com.outreachpilot.contacts.domain.Folder;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class FolderRepository implements PanacheRepositoryBase<Folder, UUID> {

    public Uni<Folder> findInOrg(OrgId orgId, UUID id) {
        return find("id = ?1 and orgId = ?2", id, orgId.toString()).firstResult();
    }

    /** Which of the given ids are folders of the organization. */
    public Uni<List<UUID>> existing(OrgId orgId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return find("orgId = ?1 and id in ?2", orgId.toString(), ids).project(IdOnly.class).list()
                .map(rows -> rows.stream().map(IdOnly::id).toList());
    }

    public Uni<Folder> findByName(OrgId orgId, String name) {
        return find("orgId = ?1 and lower(name) = lower(?2)", orgId.toString(), name).firstResult();
    }

    public Uni<List<Folder>> page(OrgId orgId, PageRequest page) {
        // offsets need not fall on page boundaries, so page with a range rather than Panache's page index
        return find("orgId = ?1 order by createdAt, id", orgId.toString())
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<Long> countInOrg(OrgId orgId) {
        return count("orgId", orgId.toString());
    }

    public record IdOnly(UUID id) {
    }
}
