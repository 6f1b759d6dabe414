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
 * Lets a person read what the SMTP sink captured:
 * {@code GET /messages} (JSON list, newest last), {@code GET /messages/N} (raw message N),
 * {@code DELETE /messages} (empty the sink).
 */
final class MailInbox {

    private final GreenMail mail;
    private final HttpServer server;

    MailInbox(GreenMail mail, int port) throws IOException {
        this.mail = mail;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/messages", this::handle);
    }

    void start() {
        server.start();
    }

    void stop() {
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
            int index = Integer.parseInt(path.substring("/messages/".length()));
            if (index < 0 || index >= messages.length) {
                respond(exchange, 404, "application/json", "{\"error\":\"no such message\"}");
                return;
            }
            respond(exchange, 200, "message/rfc822", GreenMailUtil.getWholeMessage(messages[index]));
        } catch (Exception e) {
            respond(exchange, 400, "application/json", "{\"error\":" + quote(String.valueOf(e.getMessage())) + "}");
        }
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
