package com.outreachpilot.contacts.api;

import com.outreachpilot.platform.api.Deleted;
import com.fasterxml.jackson.databind.JsonNode;
import com.outreachpilot.contacts.domain.CompanyFields;
import com.outreachpilot.contacts.domain.CompanyFilter;
import com.outreachpilot.contacts.domain.CompanyService;
import com.outreachpilot.platform.auth.RequiresScope;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import com.outreachpilot.platform.api.SuccessStatuses;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.Map;

/** Companies (accounts), exactly as the API reference describes them (scope {@code contacts}). */
@RequiresScope(Scopes.CONTACTS)
@Path("/api/v1/companies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Companies")
public class CompaniesResource {

    /** {@code data} of an import: the companies and how many there are. */
    public record CompanyImportResult(List<CompanyView> companies, int count) {
    }

    @Inject
    Caller caller;

    @Inject
    CompanyService companies;

    @Inject
    RequestBodies bodies;

    @GET
    @Operation(operationId = "listCompanies", summary = "List companies with pagination and filtering (search over name, domain and industry; exact domain)",
            description = "Every filter given must hold, within your organization; `meta.total` counts the rows"
                    + " that match them all." + ListFilters.CONTEXT_DESCRIPTION)
    public Uni<ApiResponse<List<CompanyView>>> list(@BeanParam PageParams paging,
            @Parameter(description = "Name, domain and industry contain this text, ignoring case; % and _ are not"
                    + " wildcards")
            @QueryParam("search") String search,
            @Parameter(description = "Only the company with this domain, normalized like a stored one"
                    + " (https://www.Acme.com/about is acme.com)")
            @QueryParam("domain") String domain,
            @Parameter(description = "Only companies whose industry is exactly this text, ignoring case (`fintech`"
                    + " finds \"FinTech\", not \"Fintech & Banking\")")
            @QueryParam("industry") String industry,
            @Context UriInfo uri) {
        var page = paging.toRequest();
        String normalized = null;
        if (domain != null && !domain.isBlank()) {
            normalized = CompanyFields.normalizeDomain(domain);
            if (normalized == null) {
                throw ApiException.invalid("domain", "must be a domain name or website address, e.g. acme.com");
            }
        }
        var filter = new CompanyFilter(ContactsResource.term(search), normalized,
                ListFilters.text("industry", industry, GivenFields.MAX_TEXT), ListFilters.context(uri));
        return companies.list(caller.orgId(), filter, page).map(found -> ApiResponse.page(found.map(CompanyView::of)));
    }

    @POST
    @Idempotent
    @Extension(name = SuccessStatuses.EXTENSION, value = "200,201")
    @Operation(operationId = "createCompanies", summary = "Create or update companies (up to 1,000; upsert keyed by domain). Unrecognized fields go into context")
    public Uni<RestResponse<ApiResponse<CompanyImportResult>>> create(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ContactSchemas.CreateCompanies.class),
                    examples = @ExampleObject(name = "one", summary = "The API reference's example", value = "{\"name\":\"Acme Corp\",\"domain\":\"acme.com\",\"industry\":\"Software\"}")))
            JsonNode body) {
        RequestBodies.Import<CompanyInput> batch = bodies.readImport(body, "companies", CompanyInput.Import.SHAPE,
                CompanyInput.SHAPE);
        List<CompanyFields> items = batch.items().stream().map(CompanyInput::toFields).toList();
        return companies.importCompanies(caller.orgId(), items, batch.upsert())
                .map(imported -> RestResponse.status(
                        imported.created() > 0 ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        ApiResponse.ok(new CompanyImportResult(imported.companies().stream().map(CompanyView::of).toList(),
                                imported.companies().size()))));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getCompany", summary = "Get a single company by ID")
    public Uni<ApiResponse<CompanyView>> get(@PathParam("id") String id) {
        return companies.get(caller.orgId(), Ids.uuidOrNotFound(id, "Company")).map(c -> ApiResponse.ok(CompanyView.of(c)));
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    @Operation(operationId = "updateCompany", summary = "Update a company. Only provided fields are changed; custom properties are merged into context")
    public Uni<ApiResponse<CompanyView>> update(@PathParam("id") String id,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CompanyInput.class)))
            JsonNode body) {
        var companyId = Ids.uuidOrNotFound(id, "Company");
        CompanyFields fields = bodies.readOne(body, CompanyInput.SHAPE).toFields();
        return companies.update(caller.orgId(), companyId, fields).map(c -> ApiResponse.ok(CompanyView.of(c)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteCompany", summary = "Delete a company. Linked contacts have their account_id set to null")
    public Uni<ApiResponse<Deleted>> delete(@PathParam("id") String id) {
        return companies.delete(caller.orgId(), Ids.uuidOrNotFound(id, "Company"))
                .map(deleted -> ApiResponse.ok(Deleted.of(deleted)));
    }
}
