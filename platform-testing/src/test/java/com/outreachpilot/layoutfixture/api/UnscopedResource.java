package com.outreachpilot.layoutfixture.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Breaks the rule that an endpoint for API keys names the scope it needs. */
@Path("/api/v1/unscoped")
public class UnscopedResource {

    @GET
    public String get() {
        return "";
    }
}
