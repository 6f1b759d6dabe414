package com.outreachpilot.billing.api;

import com.outreachpilot.billing.api.BillingViews.Credits;
import com.outreachpilot.billing.api.BillingViews.LedgerEntryView;
import com.outreachpilot.billing.domain.CreditService;
import com.outreachpilot.platform.auth.RequiresScope;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The caller's own credits (scope {@code credits}). */
@RequiresScope(Scopes.CREDITS)
@Path("/api/v1/credits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Credits")
public class CreditsResource {

    @Inject
    Caller caller;

    @Inject
    CreditService credits;

    @GET
    @Operation(operationId = "getCredits", summary = "Get current credit balance, plan tier, and reset date")
    public Uni<ApiResponse<Credits>> get() {
        return credits.credits(caller.orgId()).map(Credits::of).map(ApiResponse::ok);
    }

    @GET
    @Path("/ledger")
    @Operation(operationId = "listCreditLedger", summary = "List credit movements, newest first")
    public Uni<ApiResponse<List<LedgerEntryView>>> ledger(@BeanParam PageParams paging) {
        return credits.ledger(caller.orgId(), paging.toRequest())
                .map(page -> ApiResponse.page(page.map(LedgerEntryView::of)));
    }
}
