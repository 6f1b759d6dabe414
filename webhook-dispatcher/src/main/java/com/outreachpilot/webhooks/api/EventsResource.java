package com.outreachpilot.webhooks.api;

import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.auth.RequiresScope;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.webhooks.domain.EventFeed;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The events feed (scope {@code campaigns}, as webhooks): every event a webhook could carry, oldest first
 * after a cursor, kept for the events retention; for receivers that were down, misconfigured or started late.
 */
@RequiresScope(Scopes.CAMPAIGNS)
@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
public class EventsResource {

    @Inject
    Caller caller;

    @Inject
    EventFeed feed;

    @GET
    @Operation(operationId = "listEvents", summary = "The organization's events oldest first after a cursor: the bodies"
            + " webhooks carry. meta.next_cursor is where to go on (keep it to poll for new events), meta.has_more"
            + " whether more are there now")
    public Uni<ApiResponse<List<EventView>>> list(
            @Parameter(description = "meta.next_cursor of the previous page; left out, the feed starts at its oldest"
                    + " retained event. A cursor older than the retention is answered 410 CURSOR_EXPIRED")
            @QueryParam("after") String after,
            @Parameter(description = "Only these event types, comma-separated (e.g. email.opened,email.clicked)")
            @QueryParam("types") String types,
            @Parameter(description = "How many events to answer", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "" + PageRequest.MAX_LIMIT, defaultValue = "" + PageRequest.DEFAULT_LIMIT))
            @QueryParam("limit") String limit) {
        int size = PageRequest.parse(limit, null).limit();
        List<String> filter = EventFeed.types(types);
        return feed.page(caller.orgId(), blankToNull(after), filter, size).map(page -> {
            ApiResponse<List<EventView>> answer = ApiResponse.ok(page.events().stream().map(EventView::of).toList());
            return answer.withMeta("has_more", page.hasMore()).withMeta("limit", size)
                    .withMeta("next_cursor", page.nextCursor());
        });
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getEvent", summary = "One event by its id (the webhook-id of its deliveries)")
    public Uni<ApiResponse<EventView>> get(@PathParam("id") String id) {
        return feed.get(caller.orgId(), id).map(EventView::of).map(ApiResponse::ok);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
