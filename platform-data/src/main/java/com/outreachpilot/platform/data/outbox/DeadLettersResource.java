package com.outreachpilot.platform.data.outbox;

import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.auth.Roles;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    @Inject
    com.outreachpilot.platform.data.consumer.ConsumerDeadLetters consumed;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    @GET
    @Operation(operationId = "listDeadLetters", summary = "Events the broker refused for good (over the size limit, unserializable), newest first")
    public Uni<ApiResponse<List<DeadLetters.OutboxDeadLetter>>> list(@PathParam("service") String service,
            @BeanParam PageParams paging) {
        own(service);
        var page = paging.toRequest();
        return deadLetters.count().chain(total -> deadLetters.list(page.limit(), page.offset())
                .map(items -> ApiResponse.page(new Page<>(items, total, page))));
    }

    @GET
    @Path("/consumed")
    @Operation(operationId = "listConsumerDeadLetters", summary = "Events of other services this service's consumers could not apply for good (the data was"
            + " refused), newest first; each was set aside so the events behind it were applied")
    public Uni<ApiResponse<List<com.outreachpilot.platform.data.consumer.ConsumerDeadLetters.ConsumerDeadLetter>>> consumed(
            @PathParam("service") String service, @BeanParam PageParams paging) {
        own(service);
        var page = paging.toRequest();
        return consumed.count().chain(total -> consumed.list(page.limit(), page.offset())
                .map(items -> ApiResponse.page(new Page<>(items, total, page))));
    }

    private void own(String service) {
        // the gateway's name for this service: contacts-service → contacts, webhook-dispatcher → webhooks
        String own = application.replace("webhook-dispatcher", "webhooks").replaceFirst("-service$", "");
        if (!own.equals(service)) {
            throw new ApiException(ErrorCode.ROUTE_NOT_FOUND, "No service named " + service, null);
        }
    }
}
