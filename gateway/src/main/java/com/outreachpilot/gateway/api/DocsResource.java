package com.outreachpilot.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.outreachpilot.gateway.client.OpenApiDocuments;
import jakarta.annotation.security.PermitAll;
import com.outreachpilot.platform.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Iterator;
import java.util.Map;

/** The API reference: the merged OpenAPI document and a web page generated from it. */
@Path("/")
@PermitAll
public class DocsResource {

    @Inject
    OpenApiDocuments documents;

    /** Where a newcomer who opens the gateway's address lands: what is where. */
    public record Index(String name, String api, String docs, String openapi) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public com.outreachpilot.platform.api.ApiResponse<Index> index() {
        return com.outreachpilot.platform.api.ApiResponse.ok(
                new Index("OutreachPilot API", "/api/v1", "/docs", "/openapi.json"));
    }

    @GET
    @Path("/openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<ObjectNode> openapi() {
        return documents.merged();
    }

    @GET
    @Path("/docs")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<String> docs() {
        return documents.merged().map(DocsResource::render);
    }

    static String render(ObjectNode doc) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>OutreachPilot API reference</title>")
                .append("<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}")
                .append("code,pre{background:#f4f4f4;padding:.1em .3em;border-radius:3px}table{border-collapse:collapse;width:100%}")
                .append("td,th{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}")
                .append(".m{font-weight:bold;display:inline-block;min-width:4em}:target{background:#fff3c4}</style></head><body>")
                .append("<h1>OutreachPilot API reference</h1>")
                .append("<p>").append(escape(doc.path("info").path("description").asText())).append("</p>")
                .append("<p>Authenticate with <code>Authorization: Bearer op_live_…</code>. The machine-readable document is at ")
                .append("<a href=\"/openapi.json\">/openapi.json</a>.</p>")
                .append("<h2 id=\"endpoints\">Endpoints</h2><table><tr><th>Endpoint</th><th>What it does</th></tr>");
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (operation.getKey().startsWith("x-") || operation.getKey().equals("parameters")) {
                    continue;
                }
                html.append("<tr><td><span class=\"m\">").append(operation.getKey().toUpperCase()).append("</span><code>")
                        .append(escape(path.getKey())).append("</code></td><td>")
                        .append(escape(operation.getValue().path("summary").asText(""))).append("</td></tr>");
            }
        }
        html.append("</table><h2 id=\"errors\">Error codes</h2>")
                .append("<p>Every error answers <code>{ok:false, error:{code, message, details, docs_url}, meta:{request_id, timestamp}}</code>; ")
                .append("<code>docs_url</code> points at the code's row below.</p>")
                .append("<table><tr><th>Code</th><th>HTTP</th><th>When</th></tr>");
        for (ErrorCode code : ErrorCode.values()) {
            String anchor = code.docsUrl().substring("/docs#".length());
            html.append("<tr id=\"").append(anchor).append("\"><td><code>").append(code.name()).append("</code></td><td>")
                    .append(code.status()).append("</td><td>").append(escape(code.summary())).append("</td></tr>");
        }
        return html.append("</table></body></html>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
