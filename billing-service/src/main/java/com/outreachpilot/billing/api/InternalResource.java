package com.outreachpilot.billing.api;

import com.outreachpilot.billing.api.BillingViews.KeyPrincipal;
import com.outreachpilot.billing.api.BillingViews.ReservationView;
import com.outreachpilot.billing.domain.ApiKeyService;
import com.outreachpilot.billing.domain.CreditService;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.auth.ServiceOnly;
import com.outreachpilot.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal API for other services (never routed by the gateway): key resolution for the gateway, and the
 * reserve → settle/release charging cycle for services that spend credits on the caller's behalf.
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class InternalResource {

    public record Reserve(@NotBlank @Size(max = 200) String idempotencyKey, @NotNull @Min(1) @Max(1_000_000) Long amount) {
    }

    public record Settle(@NotNull @Min(0) Long amount) {
    }

    @Inject
    Caller caller;

    @Inject
    ApiKeyService apiKeys;

    @Inject
    CreditService credits;

    @GET
    @Path("/api-keys/{hash}")
    @ServiceOnly
    @Operation(summary = "Resolve the SHA-256 hash of an API key to its principal")
    public Uni<ApiResponse<KeyPrincipal>> resolve(@PathParam("hash") @Pattern(regexp = "[0-9a-f]{64}") String hash) {
        return apiKeys.resolve(hash)
                .onItem().ifNull().failWith(() -> ApiException.notFound("API key"))
                .map(ApiResponse::ok);
    }

    @POST
    @Path("/credits/reservations")
    @Operation(summary = "Hold credits for an operation; the same idempotency key never charges twice")
    public Uni<ApiResponse<ReservationView>> reserve(@Valid @NotNull Reserve body) {
        return credits.reserve(CreditsResource.callerOrg(caller), body.idempotencyKey(), body.amount())
                .map(ApiResponse::ok);
    }

    @POST
    @Path("/credits/reservations/{id}/settle")
    @Operation(summary = "Charge the actual amount (at most the reserved) and give the rest back")
    public Uni<ApiResponse<ReservationView>> settle(@PathParam("id") String id, @Valid @NotNull Settle body) {
        return credits.settle(CreditsResource.callerOrg(caller), Ids.uuidOrNotFound(id, "Reservation"), body.amount())
                .map(ApiResponse::ok);
    }

    @POST
    @Path("/credits/reservations/{id}/release")
    @Operation(summary = "Give a reservation back")
    public Uni<ApiResponse<ReservationView>> release(@PathParam("id") String id) {
        return credits.release(CreditsResource.callerOrg(caller), Ids.uuidOrNotFound(id, "Reservation"))
                .map(ApiResponse::ok);
    }
}
