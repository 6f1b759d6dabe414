package com.outreachpilot.contacts.api;

import com.outreachpilot.platform.api.Deleted;
import com.outreachpilot.contacts.domain.FolderService;
import com.outreachpilot.platform.auth.RequiresScope;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import com.outreachpilot.platform.api.SuccessStatuses;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.Map;

/** Folders: named groups of contacts (scope {@code contacts}). A contact's {@code folder_id} names one. */
@RequiresScope(Scopes.CONTACTS)
@Path("/api/v1/folders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Folders")
public class FoldersResource {

    @Inject
    Caller caller;

    @Inject
    FolderService folders;

    @GET
    @Operation(operationId = "listFolders", summary = "List folders, oldest first, with how many contacts each holds")
    public Uni<ApiResponse<List<FolderView>>> list(@BeanParam PageParams paging) {
        var page = paging.toRequest();
        return folders.list(caller.orgId(), page).map(found -> ApiResponse.page(found.map(FolderView::of)));
    }

    @POST
    @Idempotent
    @Extension(name = SuccessStatuses.EXTENSION, value = "201")
    @Operation(operationId = "createFolder", summary = "Create a folder: {name}. Names are unique per organization, ignoring case")
    public Uni<RestResponse<ApiResponse<FolderView>>> create(@Valid @NotNull FolderInput body) {
        return folders.create(caller.orgId(), body.name())
                .map(folder -> RestResponse.status(RestResponse.Status.CREATED, ApiResponse.ok(FolderView.of(folder))));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getFolder", summary = "Get a folder")
    public Uni<ApiResponse<FolderView>> get(@PathParam("id") String id) {
        return folders.get(caller.orgId(), Ids.uuidOrNotFound(id, "Folder")).map(f -> ApiResponse.ok(FolderView.of(f)));
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    @Operation(operationId = "updateFolder", summary = "Rename a folder: {name}")
    public Uni<ApiResponse<FolderView>> rename(@PathParam("id") String id, @Valid @NotNull FolderInput body) {
        var folderId = Ids.uuidOrNotFound(id, "Folder");
        return folders.rename(caller.orgId(), folderId, body.name()).map(f -> ApiResponse.ok(FolderView.of(f)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteFolder", summary = "Delete a folder. Its contacts are kept and no longer in a folder")
    public Uni<ApiResponse<Deleted>> delete(@PathParam("id") String id) {
        return folders.delete(caller.orgId(), Ids.uuidOrNotFound(id, "Folder"))
                .map(deleted -> ApiResponse.ok(Deleted.of(deleted)));
    }
}
