package com.outreachpilot.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.outreachpilot.gateway.client.OpenApiDocuments;
import jakarta.annotation.security.PermitAll;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;


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

    /** The public API only (what API keys call), for the reference page and client generators that want no admin. */
    @GET
    @Path("/openapi/public.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<ObjectNode> publicOpenapi() {
        return documents.merged().map(doc -> audience(doc, false));
    }

    /** The operators' admin API only. */
    @GET
    @Path("/openapi/admin.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<ObjectNode> adminOpenapi() {
        return documents.merged().map(doc -> audience(doc, true));
    }

    @GET
    @Path("/docs")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<String> docs() {
        return documents.merged().map(doc -> render(doc, false));
    }

    @GET
    @Path("/docs/admin")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<String> adminDocs() {
        return documents.merged().map(doc -> render(doc, true));
    }

    /** A copy of the merged document with the admin paths only, or every other path only. */
    static ObjectNode audience(ObjectNode doc, boolean admin) {
        ObjectNode copy = doc.deepCopy();
        ObjectNode paths = copy.putObject("paths");
        doc.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/admin/") == admin) {
                paths.set(path.getKey(), path.getValue());
            }
        });
        if (admin) {
            ObjectNode info = copy.get("info") instanceof ObjectNode node ? node : copy.putObject("info");
            info.put("title", "OutreachPilot admin API (operators)");
        }
        return copy;
    }

    /**
     * The reference page: the document rendered by Swagger UI (public API on {@code /docs}, admin API on
     * {@code /docs/admin}), then the sections every error's {@code docs_url} and every webhook delivery's
     * {@code User-Agent} point at. Once Swagger UI has drawn the operations (which moves what is below them), the
     * page holds the anchor of the address at the top until the layout is still, so {@code /docs#webhooks} lands on
     * its section.
     */
    static String render(ObjectNode doc, boolean admin) {
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>OutreachPilot ").append(admin ? "admin API (operators)" : "API reference").append("</title>")
                .append("<link rel=\"stylesheet\" href=\"/webjars/swagger-ui/swagger-ui.css\">")
                .append("<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222}")
                .append(".page{max-width:1200px;margin:0 auto;padding:0 20px}")
                .append(".page code,.page pre{background:#f4f4f4;padding:.1em .3em;border-radius:3px}")
                .append(".page table{border-collapse:collapse;width:100%}")
                .append(".page td,.page th{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}")
                .append("nav a{margin-right:1.2em}:target{background:#fff3c4}</style></head><body>")
                .append("<div class=\"page\"><h1>OutreachPilot ").append(admin ? "admin API (operators)" : "API reference")
                .append("</h1><p>").append(escape(doc.path("info").path("description").asText())).append("</p>")
                .append(admin
                        ? "<p>Authenticate with <code>Authorization: Bearer $OP_ADMIN_TOKEN</code>. These endpoints are for"
                                + " the suite's operators; API keys cannot call them.</p>"
                        : "<p>Authenticate with <code>Authorization: Bearer op_live_…</code>. Each operation says its scope"
                                + " and credit cost; every error answers the envelope below.</p>")
                .append("<nav><a href=\"#endpoints\">Endpoints</a><a href=\"#errors\">Error codes</a>")
                .append(admin ? "<a href=\"/docs\">Public API</a>"
                        : "<a href=\"#webhooks\">Webhooks</a><a href=\"#events-feed\">Events feed</a>"
                                + "<a href=\"/docs/admin\">Admin API (operators)</a>")
                .append("<a href=\"").append(admin ? "/openapi/admin.json" : "/openapi/public.json")
                .append("\">OpenAPI document</a><a href=\"/openapi.json\">(both)</a></nav></div>")
                .append("<h2 id=\"endpoints\" class=\"page\">Endpoints</h2><div id=\"swagger-ui\"></div><div class=\"page\">")
                .append("<noscript><ul>");
        // without JavaScript: the operations as a list
        doc.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/admin/") != admin) {
                return;
            }
            path.getValue().fields().forEachRemaining(operation -> {
                if (!operation.getKey().startsWith("x-") && !operation.getKey().equals("parameters")) {
                    html.append("<li><code>").append(operation.getKey().toUpperCase()).append(' ')
                            .append(escape(path.getKey())).append("</code> ")
                            .append(escape(operation.getValue().path("summary").asText(""))).append("</li>");
                }
            });
        });
        html.append("</ul></noscript><h2 id=\"errors\">Error codes</h2>")
                .append("<p>Every error answers <code>{ok:false, error:{code, message, details, docs_url}, meta:{request_id, timestamp}}</code>; ")
                .append("<code>docs_url</code> points at the code's row below.</p>")
                .append("<table><tr><th>Code</th><th>HTTP</th><th>When</th></tr>");
        for (ErrorCode code : ErrorCode.values()) {
            String anchor = code.docsUrl().substring("/docs#".length());
            html.append("<tr id=\"").append(anchor).append("\"><td><code>").append(code.name()).append("</code></td><td>")
                    .append(code.status()).append("</td><td>").append(escape(code.summary())).append("</td></tr>");
        }
        html.append("</table>");
        if (!admin) {
            webhooks(html);
        }
        html.append("</div><script src=\"/webjars/swagger-ui/swagger-ui-bundle.js\"></script><script>")
                .append("SwaggerUIBundle({url:'").append(admin ? "/openapi/admin.json" : "/openapi/public.json")
                .append("',dom_id:'#swagger-ui',deepLinking:false,docExpansion:'list',defaultModelsExpandDepth:0,")
                .append("displayOperationId:true,tryItOutEnabled:false,")
                .append("onComplete:settle});")
                // Swagger UI keeps laying out for a few frames after onComplete: the page holds the address's anchor
                // at the top until its height has been still for 20 frames (and, after that, whenever the drawn
                // operations change size), unless the reader has scrolled, typed or clicked meanwhile
                .append("function settle(){var ui=document.getElementById('swagger-ui'),reader=false,height=-1,")
                .append("still=0,frames=0;function target(){var id=decodeURIComponent(location.hash.slice(1));")
                .append("return id&&document.getElementById(id);}function pin(){var t=target();")
                .append("if(t&&!reader){t.scrollIntoView();}}")
                .append("['wheel','keydown','touchstart','mousedown'].forEach(function(e){")
                .append("addEventListener(e,function(){reader=true;},{passive:true});});")
                .append("(function step(){pin();var h=document.documentElement.scrollHeight;")
                .append("if(h===height){still++;}else{still=0;height=h;}")
                .append("if(still<20&&++frames<600){requestAnimationFrame(step);return;}")
                .append("document.body.setAttribute('data-rendered','true');")
                .append("if(window.ResizeObserver){new ResizeObserver(pin).observe(ui);}})();}</script>");
        return html.append("</body></html>").toString();
    }

    /** What a webhook receiver needs (every delivery's User-Agent links here). */
    static void webhooks(StringBuilder html) {
        html.append("<h2 id=\"webhooks\">Webhooks</h2>")
                .append("<p>Subscribe with <code>POST /api/v1/webhooks {url, events, secret?}</code> (scope <code>campaigns</code>).")
                .append(" Each event is POSTed as JSON <code>{id, type, timestamp, data}</code> following")
                .append(" <a href=\"https://www.standardwebhooks.com/\">Standard Webhooks</a>, with these headers:</p><ul>")
                .append("<li><code>webhook-id</code>: the event id; deliveries are at least once, so deduplicate on it</li>")
                .append("<li><code>webhook-timestamp</code>: Unix seconds; refuse old ones (say older than 5 minutes)</li>")
                .append("<li><code>webhook-signature</code>: <code>v1,&lt;base64 HMAC-SHA256&gt;</code> of")
                .append(" <code>{webhook-id}.{webhook-timestamp}.{body}</code>, keyed with the base64-decoded part of a")
                .append(" <code>whsec_</code> secret (another secret is used as its UTF-8 bytes); for 24 h after a rotation")
                .append(" it holds two space-separated signatures, new and old: accept either</li>")
                .append("<li><code>user-agent</code>: <code>OutreachPilot-Webhooks/1.0</code></li></ul>")
                .append("<h3 id=\"webhooks-verify\">Verifying a signature</h3>")
                .append("<p>Python</p><pre>import base64, hashlib, hmac\n")
                .append("def verified(secret, headers, body):\n")
                .append("    key = base64.b64decode(secret.removeprefix(\"whsec_\"))\n")
                .append("    signed = f\"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}\".encode()\n")
                .append("    expected = \"v1,\" + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()\n")
                .append("    return any(hmac.compare_digest(expected, s) for s in headers['webhook-signature'].split())</pre>")
                .append("<p>Node.js</p><pre>const crypto = require('crypto');\n")
                .append("function verified(secret, headers, body) {\n")
                .append("  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');\n")
                .append("  const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;\n")
                .append("  const expected = 'v1,' + crypto.createHmac('sha256', key).update(signed).digest('base64');\n")
                .append("  return headers['webhook-signature'].split(' ').some(s =&gt; s.length === expected.length\n")
                .append("    &amp;&amp; crypto.timingSafeEqual(Buffer.from(s), Buffer.from(expected)));\n}</pre>")
                .append("<p>Java</p><pre>boolean verified(String secret, Map&lt;String, String&gt; headers, String body) throws Exception {\n")
                .append("    Mac mac = Mac.getInstance(\"HmacSHA256\");\n")
                .append("    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(\"whsec_\".length())), \"HmacSHA256\"));\n")
                .append("    String signed = headers.get(\"webhook-id\") + \".\" + headers.get(\"webhook-timestamp\") + \".\" + body;\n")
                .append("    byte[] expected = (\"v1,\" + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(UTF_8)))).getBytes(UTF_8);\n")
                .append("    return Arrays.stream(headers.get(\"webhook-signature\").split(\" \"))\n")
                .append("            .anyMatch(s -&gt; MessageDigest.isEqual(s.getBytes(UTF_8), expected));\n}</pre>")
                .append("<h3 id=\"webhooks-retries\">Answers and retries</h3>")
                .append("<p>Any 2xx within 15 s is delivered; a redirect is not followed. Failures are retried after 5 s, 5 min,")
                .append(" 30 min, 2 h, 5 h, 10 h and 10 h (±10 % jitter; a longer <code>Retry-After</code> is honoured), then the")
                .append(" delivery is <code>failed</code> (retry it with <code>POST /api/v1/webhooks/deliveries/{id}/retry</code>).")
                .append(" <code>410 Gone</code> disables the subscription, as does failing without a success for 5 days.")
                .append(" <code>GET /api/v1/webhooks/{id}/deliveries?status=failing</code> lists deliveries whose last attempt")
                .append(" failed, each with its <code>error</code> in plain words.</p>")
                .append("<h3 id=\"webhooks-events\">Events</h3><p>")
                .append(String.join(", ", EventType.subscribableTypes().stream().map(t -> "<code>" + t + "</code>").toList()))
                .append(". <code>data</code> is the resource as the API shows it (a contact for <code>contact.*</code>, a")
                .append(" campaign for <code>campaign.*</code>); for example <code>contact.created</code>:</p><pre>")
                .append(escape("{\"id\": \"evt_0194f2c1a3b2e4d5c6b7a8f9\", \"type\": \"contact.created\", \"timestamp\":"
                        + " \"2026-12-02T10:15:30.123Z\",\n \"data\": {\"id\": \"01a2…\", \"email\": \"john@acme.com\","
                        + " \"first_name\": \"John\", \"status\": \"new\", \"context\": {}}}"))
                .append("</pre>")
                .append("<h3 id=\"events-feed\">The events feed and replays</h3>")
                .append("<p>Every event a webhook could carry is also readable for 30 days (<code>WEBHOOK_EVENTS_RETENTION</code>),")
                .append(" whether or not a subscription wanted it: <code>GET /api/v1/events?after=&amp;types=&amp;limit=</code>")
                .append(" answers the same bodies, oldest first; keep <code>meta.next_cursor</code> and pass it as")
                .append(" <code>after</code> to read on (it is there even when <code>meta.has_more</code> is false, so a poller")
                .append(" asks again later with it). An event appears once its transaction and every one before it have")
                .append(" committed (usually within a second of the webhook); a cursor older than the retention is answered")
                .append(" <code>410 CURSOR_EXPIRED</code>. <code>GET /api/v1/events/{id}</code> reads one.")
                .append(" <code>POST /api/v1/webhooks/{id}/replay {\"since\": \"2026-03-08T10:00:00Z\"}</code> re-delivers the")
                .append(" subscription's event types since that time (up to 10,000 a call; <code>next_since</code> says where to")
                .append(" go on), signed and retried like any delivery and with the same <code>webhook-id</code>: a receiver")
                .append(" that deduplicates by it sees each event once. Test events are not in the feed.</p>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
