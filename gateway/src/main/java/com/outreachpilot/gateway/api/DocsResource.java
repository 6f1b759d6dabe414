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
        html.append("</table>");
        webhooks(html);
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
