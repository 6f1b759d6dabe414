package com.outreachpilot.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Lets a person read what the SMTP sink captured: a mail viewer at {@code GET /} (the list, newest first) and
 * {@code GET /view/N} (message N: its headers, its text and its HTML shown in a sandboxed frame), and for scripts
 * {@code GET /messages} (JSON list, oldest first), {@code GET /messages/N} (raw message N), {@code DELETE /messages}
 * (empty the sink). An index that is not one of a captured message is a 404.
 */
public final class MailInbox {

    private final GreenMail mail;
    private final HttpServer server;

    public MailInbox(GreenMail mail, int port) throws IOException {
        this.mail = mail;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/messages", this::handle);
        server.createContext("/view/", this::view);
        server.createContext("/", this::index);
    }

    public void start() {
        server.start();
    }

    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            MimeMessage[] messages = mail.getReceivedMessages();
            if ("DELETE".equals(exchange.getRequestMethod())) {
                mail.purgeEmailFromAllMailboxes();
                respond(exchange, 200, "application/json", "{\"deleted\":" + messages.length + "}");
                return;
            }
            if (path.equals("/messages") || path.equals("/messages/")) {
                respond(exchange, 200, "application/json", list(messages));
                return;
            }
            int index = index(path.substring("/messages/".length()), messages.length);
            if (index < 0) {
                respond(exchange, 404, "application/json", "{\"error\":\"no such message\"}");
                return;
            }
            respond(exchange, 200, "message/rfc822", GreenMailUtil.getWholeMessage(messages[index]));
        } catch (Exception e) {
            respond(exchange, 400, "application/json", "{\"error\":" + quote(String.valueOf(e.getMessage())) + "}");
        }
    }

    /** The message index {@code text} names, or -1 when it names none of {@code count} messages. */
    static int index(String text, int count) {
        if (!text.matches("[0-9]{1,9}")) {
            return -1;
        }
        int index = Integer.parseInt(text);
        return index < count ? index : -1;
    }

    private void index(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 404, "text/html", page("Not found", "<p>No such page. <a href=\"/\">All messages</a></p>"));
                return;
            }
            MimeMessage[] messages = mail.getReceivedMessages();
            StringBuilder rows = new StringBuilder();
            for (int i = messages.length - 1; i >= 0; i--) {
                MimeMessage m = messages[i];
                rows.append("<tr><td>").append(i).append("</td><td>")
                        .append(html(m.getSentDate() == null ? "" : m.getSentDate().toInstant().toString()))
                        .append("</td><td>").append(html(addresses(m.getFrom()))).append("</td><td>")
                        .append(html(addresses(m.getRecipients(Message.RecipientType.TO)))).append("</td><td><a href=\"/view/")
                        .append(i).append("\">").append(html(m.getSubject() == null ? "(no subject)" : m.getSubject()))
                        .append("</a></td></tr>");
            }
            respond(exchange, 200, "text/html", page("Captured mail (" + messages.length + ")", messages.length == 0
                    ? "<p>No mail captured yet.</p>"
                    : "<table><tr><th>#</th><th>Sent</th><th>From</th><th>To</th><th>Subject</th></tr>" + rows + "</table>"
                    + "<p>JSON: <a href=\"/messages\">/messages</a></p>"));
        } catch (Exception e) {
            respond(exchange, 500, "text/html", page("Error", "<p>" + html(String.valueOf(e.getMessage())) + "</p>"));
        }
    }

    private void view(HttpExchange exchange) throws IOException {
        try (exchange) {
            MimeMessage[] messages = mail.getReceivedMessages();
            int index = index(exchange.getRequestURI().getPath().substring("/view/".length()), messages.length);
            if (index < 0) {
                respond(exchange, 404, "text/html", page("No such message", "<p>No message has this number."
                        + " <a href=\"/\">All messages</a></p>"));
                return;
            }
            MimeMessage m = messages[index];
            StringBuilder headers = new StringBuilder("<table>");
            for (var it = m.getAllHeaders().asIterator(); it.hasNext(); ) {
                jakarta.mail.Header header = it.next();
                headers.append("<tr><th>").append(html(header.getName())).append("</th><td>")
                        .append(html(header.getValue())).append("</td></tr>");
            }
            headers.append("</table>");
            String[] parts = new String[2];
            parts(m, parts);
            String body = "<p><a href=\"/\">All messages</a> · <a href=\"/messages/" + index + "\">raw</a></p>"
                    + "<h2>Headers</h2>" + headers
                    + "<h2>Text</h2>" + (parts[0] == null ? "<p>(none)</p>" : "<pre>" + html(parts[0]) + "</pre>")
                    + "<h2>HTML</h2>" + (parts[1] == null ? "<p>(none)</p>"
                    // the message's own HTML, in a frame that runs no script and reaches nothing of this page
                    : "<iframe sandbox title=\"HTML body\" srcdoc=\"" + html(parts[1]) + "\"></iframe>");
            respond(exchange, 200, "text/html", page(m.getSubject() == null ? "(no subject)" : m.getSubject(), body));
        } catch (Exception e) {
            respond(exchange, 500, "text/html", page("Error", "<p>" + html(String.valueOf(e.getMessage())) + "</p>"));
        }
    }

    /** The first text/plain and text/html parts of a message: {@code found[0]} and {@code found[1]}. */
    private static void parts(jakarta.mail.Part part, String[] found) throws Exception {
        if (part.isMimeType("text/plain") && found[0] == null && !jakarta.mail.Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            found[0] = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && found[1] == null) {
            found[1] = String.valueOf(part.getContent());
        } else if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                parts(multipart.getBodyPart(i), found);
            }
        }
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html(title)
                + " · OutreachPilot mail</title><style>body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;"
                + "max-width:1000px;padding:0 1em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px"
                + " solid #ddd;padding:.3em;text-align:left;vertical-align:top}pre{white-space:pre-wrap;"
                + "background:#f6f6f6;padding:1em}iframe{width:100%;height:480px;border:1px solid #ccc}</style>"
                + "</head><body><h1>" + html(title) + "</h1>" + body + "</body></html>";
    }

    static String html(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String list(MimeMessage[] messages) throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < messages.length; i++) {
            MimeMessage message = messages[i];
            json.append(i == 0 ? "" : ",").append("{\"index\":").append(i)
                    .append(",\"message_id\":").append(quote(message.getMessageID()))
                    .append(",\"from\":").append(quote(addresses(message.getFrom())))
                    .append(",\"to\":").append(quote(addresses(message.getRecipients(Message.RecipientType.TO))))
                    .append(",\"subject\":").append(quote(message.getSubject()))
                    .append(",\"sent_at\":").append(quote(message.getSentDate() == null ? null
                            : message.getSentDate().toInstant().toString()))
                    .append(",\"body\":").append(quote(GreenMailUtil.getBody(message)))
                    .append('}');
        }
        return json.append(']').toString();
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Address address : addresses) {
            out.append(out.isEmpty() ? "" : ", ").append(address);
        }
        return out.toString();
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
