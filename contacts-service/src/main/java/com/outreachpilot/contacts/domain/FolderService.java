package com.outreachpilot.contacts.domain;

import com.outreachpilot.contacts.events.ResourceEvents;
import com.outreachpilot.contacts.repository.ContactRepository;
import com.outreachpilot.contacts.repository.FolderRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/** Folders: named groups of contacts, unique by name (case-insensitive) within an organization. */
@ApplicationScoped
public class FolderService {

    @Inject
    FolderRepository folders;

    @Inject
    ContactRepository contacts;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** {@code name} is trimmed and not blank. */
    @WithTransaction
    public Uni<CountedFolder> create(OrgId orgId, String name) {
        return nameFree(orgId, name, null).chain(() -> {
            Folder folder = new Folder();
            folder.id = Ids.newUuid();
            folder.orgId = orgId.toString();
            folder.name = name;
            folder.createdAt = clock.now();
            folder.updatedAt = folder.createdAt;
            return folders.persist(folder)
                    .chain(() -> outbox.append(ResourceEvents.folder(EventType.FOLDER_CREATED, folder, 0)))
                    .replaceWith(new CountedFolder(folder, 0));
        });
    }

    @WithSession
    public Uni<CountedFolder> get(OrgId orgId, UUID id) {
        return existing(orgId, id).chain(folder -> withCount(orgId, folder));
    }

    @WithSession
    public Uni<Page<CountedFolder>> list(OrgId orgId, PageRequest page) {
        return folders.page(orgId, page).chain(items -> contacts.countByFolder(orgId, items.stream().map(f -> f.id).toList())
                .chain(counts -> folders.countInOrg(orgId).map(total -> new Page<>(items, total, page)
                        .map(f -> new CountedFolder(f, counts.getOrDefault(f.id, 0L))))));
    }

    @WithTransaction
    public Uni<CountedFolder> rename(OrgId orgId, UUID id, String name) {
        return existing(orgId, id).chain(folder -> nameFree(orgId, name, id).chain(() -> {
            folder.name = name;
            folder.updatedAt = clock.now();
            return withCount(orgId, folder).call(counted -> outbox.append(
                    ResourceEvents.folder(EventType.FOLDER_UPDATED, counted.folder(), counted.contacts())));
        }));
    }

    /** Deletes the folder; its contacts stay and leave it (the database empties their {@code folder_id}). */
    @WithTransaction
    public Uni<UUID> delete(OrgId orgId, UUID id) {
        return existing(orgId, id).chain(folder -> folders.delete(folder)
                .chain(() -> outbox.append(ResourceEvents.deleted(EventType.FOLDER_DELETED, orgId, id)))
                .replaceWith(id));
    }

    private Uni<CountedFolder> withCount(OrgId orgId, Folder folder) {
        return contacts.countByFolder(orgId, List.of(folder.id))
                .map(counts -> new CountedFolder(folder, counts.getOrDefault(folder.id, 0L)));
    }

    private Uni<Void> nameFree(OrgId orgId, String name, UUID self) {
        return folders.findByName(orgId, name).invoke(other -> {
            if (other != null && !other.id.equals(self)) {
                throw ApiException.duplicate("Folder already exists", "A folder named \"" + other.name + "\" exists");
            }
        }).replaceWithVoid();
    }

    private Uni<Folder> existing(OrgId orgId, UUID id) {
        return folders.findInOrg(orgId, id).onItem().ifNull().failWith(() -> ApiException.notFound("Folder"));
    }
}
