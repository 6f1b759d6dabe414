package com.outreachpilot.contacts.domain;

import com.outreachpilot.contacts.api.FolderView;
import com.outreachpilot.contacts.events.ResourceEvents;
import com.outreachpilot.contacts.repository.ContactRepository;
import com.outreachpilot.contacts.repository.FolderRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
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

    @WithTransaction
    public Uni<FolderView> create(String orgId, String name) {
        return nameFree(orgId, name, null).chain(() -> {
            Folder folder = new Folder();
            folder.id = Ids.newUuid();
            folder.orgId = orgId;
            folder.name = name;
            folder.createdAt = Clock.now();
            folder.updatedAt = folder.createdAt;
            FolderView view = FolderView.of(folder, 0);
            return folders.persist(folder)
                    .chain(() -> outbox.append(ResourceEvents.of(EventType.FOLDER_CREATED, orgId, view.id(), view)))
                    .replaceWith(view);
        });
    }

    @WithSession
    public Uni<FolderView> get(String orgId, UUID id) {
        return existing(orgId, id).chain(folder -> withCount(orgId, folder));
    }

    @WithSession
    public Uni<Page<FolderView>> list(String orgId, PageRequest page) {
        return folders.page(orgId, page).chain(items -> contacts.countByFolder(orgId, items.stream().map(f -> f.id).toList())
                .chain(counts -> folders.countInOrg(orgId).map(total -> new Page<>(items, total, page)
                        .map(f -> FolderView.of(f, counts.getOrDefault(f.id, 0L))))));
    }

    @WithTransaction
    public Uni<FolderView> rename(String orgId, UUID id, String name) {
        return existing(orgId, id).chain(folder -> nameFree(orgId, name, id).chain(() -> {
            folder.name = name;
            folder.updatedAt = Clock.now();
            return withCount(orgId, folder).call(view ->
                    outbox.append(ResourceEvents.of(EventType.FOLDER_UPDATED, orgId, view.id(), view)));
        }));
    }

    /** Deletes the folder; its contacts stay and leave it (the database empties their {@code folder_id}). */
    @WithTransaction
    public Uni<UUID> delete(String orgId, UUID id) {
        return existing(orgId, id).chain(folder -> folders.delete(folder)
                .chain(() -> outbox.append(ResourceEvents.deleted(EventType.FOLDER_DELETED, orgId, id.toString())))
                .replaceWith(id));
    }

    private Uni<FolderView> withCount(String orgId, Folder folder) {
        return contacts.countByFolder(orgId, List.of(folder.id)).map(counts -> FolderView.of(folder, counts.getOrDefault(folder.id, 0L)));
    }

    private Uni<Void> nameFree(String orgId, String name, UUID self) {
        return folders.findByName(orgId, name).invoke(other -> {
            if (other != null && !other.id.equals(self)) {
                throw ApiException.duplicate("Folder already exists", "A folder named \"" + other.name + "\" exists");
            }
        }).replaceWithVoid();
    }

    private Uni<Folder> existing(String orgId, UUID id) {
        return folders.findInOrg(orgId, id).onItem().ifNull().failWith(() -> ApiException.notFound("Folder"));
    }
}
