package com.outreachpilot.campaigns.api;

import com.outreachpilot.campaigns.domain.TrackingService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.Base64;

/**
 * The public links in campaign emails (the gateway routes {@code /t} here without a key): the open pixel, click
 * redirects and unsubscribing (a confirmation page, and RFC 8058 one-click POST). A bad or forged token is a
 * plain 404 page.
 */
@Path("/t")
@PermitAll
@Tag(name = "Tracking")
public class TrackingResource {

    /** A transparent 1×1 GIF. */
    static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    @Inject
    TrackingService tracking;

    @GET
    @Path("/o/{token}")
    @Operation(summary = "Open pixel: records the email's first open")
    public Uni<RestResponse<Object>> open(@PathParam("token") String token) {
        return tracking.open(token).map(found -> found
                ? RestResponse.ResponseBuilder.ok((Object) PIXEL, "image/gif").header("Cache-Control", "no-store").build()
                : notFound());
    }

    @GET
    @Path("/c/{token}")
    @Operation(summary = "Click: records it and redirects to the link that was in the email")
    public Uni<RestResponse<Object>> click(@PathParam("token") String token) {
        return tracking.click(token).map(url -> url == null ? notFound()
                : RestResponse.ResponseBuilder.create(RestResponse.Status.FOUND).location(URI.create(url))
                        .header("Cache-Control", "no-store").build());
    }

    @GET
    @Path("/u/{token}")
    @Operation(summary = "Unsubscribe confirmation page")
    public Uni<RestResponse<Object>> confirmUnsubscribe(@PathParam("token") String token) {
        return tracking.canUnsubscribe(token).map(found -> found ? page(RestResponse.Status.OK, "Unsubscribe",
                "<p>Stop receiving these emails?</p><form method=\"post\" action=\"" + token + "\">"
                        + "<button type=\"submit\">Unsubscribe</button></form>") : notFound());
    }

    @POST
    @Path("/u/{token}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Unsubscribe (RFC 8058 one-click, or the confirmation page's button)")
    public Uni<RestResponse<Object>> unsubscribe(@PathParam("token") String token) {
        return tracking.unsubscribe(token).map(found -> found ? page(RestResponse.Status.OK, "Unsubscribed",
                "<p>You are unsubscribed and will receive no more of these emails.</p>") : notFound());
    }

    private static RestResponse<Object> notFound() {
        return page(RestResponse.Status.NOT_FOUND, "Link not found", "<p>This link is not valid.</p>");
    }

    private static RestResponse<Object> page(RestResponse.Status status, String title, String body) {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>";
        return RestResponse.ResponseBuilder.create(status, (Object) html).type(MediaType.TEXT_HTML_TYPE)
                .header("Cache-Control", "no-store").build();
    }
}
