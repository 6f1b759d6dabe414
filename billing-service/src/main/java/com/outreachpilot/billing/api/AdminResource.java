package com.outreachpilot.billing.api;

import com.outreachpilot.billing.api.BillingViews.ApiKeyView;
import com.outreachpilot.billing.api.BillingViews.CreatedApiKey;
import com.outreachpilot.platform.api.Deleted;
import com.outreachpilot.billing.api.BillingViews.OrganizationView;
import com.outreachpilot.billing.domain.ApiKeyService;
import com.outreachpilot.billing.domain.CreditService;
import com.outreachpilot.billing.domain.OrganizationService;
import com.outreachpilot.billing.domain.Scopes;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Plan;
import com.outreachpilot.platform.auth.Roles;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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

/** The operators' admin API: organizations, their API keys and credit grants. */
@Path("/admin/v1")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class AdminResource {

    public record CreateOrganization(@NotBlank @Size(max = 200) String name, @NotBlank String plan) {
    }

    public record UpdateOrganization(@Size(min = 1, max = 200) String name, String plan) {
    }

    public record CreateApiKey(@NotBlank @Size(max = 200) String name, @NotNull List<String> scopes) {
    }

    public record CreditGrant(
            @NotNull @Min(value = -MAX_GRANT, message = "must be between -1000000000000 and 1000000000000")
            @Max(value = MAX_GRANT, message = "must be between -1000000000000 and 1000000000000") Long amount,
            @Size(max = 500) String reason) {

        /** Far beyond any real grant, and far from where a balance's 64 bits overflow. */
        static final long MAX_GRANT = 1_000_000_000_000L;
    }

    @Inject
    OrganizationService organizations;

    @Inject
    ApiKeyService apiKeys;

    @Inject
    CreditService credits;

    @POST
    @Path("/orgs")
    @Idempotent
    @Extension(name = SuccessStatuses.EXTENSION, value = "201")
    @Operation(operationId = "createOrganization", summary = "Create an organization with its first month of credits")
    public Uni<RestResponse<ApiResponse<OrganizationView>>> create(@Valid @NotNull CreateOrganization body) {
        Plan plan = Plan.parse("plan", body.plan());
        return organizations.create(body.name(), plan)
                .map(org -> RestResponse.status(RestResponse.Status.CREATED, ApiResponse.ok(OrganizationView.of(org))));
    }

    @GET
    @Path("/orgs")
    @Operation(operationId = "listOrganizations", summary = "List organizations")
    public Uni<ApiResponse<List<OrganizationView>>> list(@BeanParam PageParams paging) {
        return organizations.list(paging.toRequest()).map(page -> ApiResponse.page(page.map(OrganizationView::of)));
    }

    @GET
    @Path("/orgs/{id}")
    @Operation(operationId = "getOrganization", summary = "Get an organization")
    public Uni<ApiResponse<OrganizationView>> get(@PathParam("id") String id) {
        return organizations.get(Ids.uuidOrNotFound(id, "Organization")).map(OrganizationView::of).map(ApiResponse::ok);
    }

    @PUT
    @Path("/orgs/{id}")
    @Idempotent
    @Operation(operationId = "updateOrganization", summary = "Rename an organization or change its plan")
    public Uni<ApiResponse<OrganizationView>> update(@PathParam("id") String id, @Valid @NotNull UpdateOrganization body) {
        Plan plan = body.plan() == null ? null : Plan.parse("plan", body.plan());
        if (body.name() == null && plan == null) {
            throw ApiException.invalid("body", "provide name and/or plan");
        }
        return organizations.update(Ids.uuidOrNotFound(id, "Organization"), body.name(), plan)
                .map(OrganizationView::of).map(ApiResponse::ok);
    }

    @DELETE
    @Path("/orgs/{id}")
    @Operation(operationId = "deleteOrganization", summary = "Delete an organization; its keys stop working")
    public Uni<ApiResponse<Deleted>> delete(@PathParam("id") String id) {
        return organizations.delete(Ids.uuidOrNotFound(id, "Organization"))
                .map(deleted -> ApiResponse.ok(Deleted.of(deleted)));
    }

    @POST
    @Path("/orgs/{id}/api-keys")
    @Idempotent(secrets = "key")
    @Extension(name = SuccessStatuses.EXTENSION, value = "201")
    @Operation(operationId = "createApiKey", summary = "Create an API key; the key itself is shown only in this answer")
    public Uni<RestResponse<ApiResponse<CreatedApiKey>>> createKey(@PathParam("id") String id,
            @Valid @NotNull CreateApiKey body) {
        List<String> scopes = Scopes.parse(body.scopes());
        return apiKeys.create(Ids.uuidOrNotFound(id, "Organization"), body.name(), scopes)
                .map(issued -> RestResponse.status(RestResponse.Status.CREATED, ApiResponse.ok(CreatedApiKey.of(issued))));
    }

    @GET
    @Path("/orgs/{id}/api-keys")
    @Operation(operationId = "listApiKeys", summary = "List an organization's API keys (never their secrets)")
    public Uni<ApiResponse<List<ApiKeyView>>> listKeys(@PathParam("id") String id) {
        return apiKeys.list(Ids.uuidOrNotFound(id, "Organization"))
                .map(keys -> ApiResponse.ok(keys.stream().map(ApiKeyView::of).toList()));
    }

    @DELETE
    @Path("/api-keys/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
    public Uni<ApiResponse<ApiKeyView>> revokeKey(@PathParam("id") String id) {
        return apiKeys.revoke(Ids.uuidOrNotFound(id, "API key")).map(ApiKeyView::of).map(ApiResponse::ok);
    }

    @POST
    @Path("/orgs/{id}/credits")
    @Idempotent
    @Operation(operationId = "grantCredits", summary = "Grant (positive amount) or remove (negative amount) credits")
    public Uni<ApiResponse<OrganizationView>> grant(@PathParam("id") String id, @Valid @NotNull CreditGrant body) {
        if (body.amount() == 0) {
            throw ApiException.invalid("amount", "must not be 0");
        }
        String reason = body.reason() == null || body.reason().isBlank()
                ? (body.amount() > 0 ? "Granted by an operator" : "Removed by an operator") : body.reason().trim();
        return credits.grant(Ids.uuidOrNotFound(id, "Organization"), body.amount(), reason)
                .map(OrganizationView::of).map(ApiResponse::ok);
    }
}
