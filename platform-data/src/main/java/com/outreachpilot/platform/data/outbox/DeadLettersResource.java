package com.outreachpilot.platform.data.outbox;

import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.auth.Roles;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Operators' view of the events this service's relay moved aside ({@code GET /admin/v1/dead-letters/<service>}
 * through the gateway): newest first, without payloads.
 */
@Path("/admin/v1/dead-letters/{service}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Admin")
public class DeadLettersResource {

    @Inject
    DeadLetters deadLetters;

    @GET
    @Operation(summary = "Events the broker refused for good (over the size limit, unserializable), newest first")
    public Uni<ApiResponse<List<DeadLetters.Entry>>> list(@BeanParam PageParams paging) {
        var page = paging.toRequest();
        return deadLetters.count().chain(total -> deadLetters.list(page.limit(), page.offset())
                .map(items -> ApiResponse.page(new Page<>(items, total, page))));
    }
}
