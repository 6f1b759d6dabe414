package com.outreachpilot.campaigns.client;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Hands emails to the SMTP server configured for quarkus-mailer (the local sink by default) and tells a
 * permanent refusal (a 5xx reply: the address bounces) from a transient failure (4xx, refused connection,
 * timeout: worth retrying).
 */
@ApplicationScoped
public class EmailSender {

    /** One email, fully rendered. */
    public record Outgoing(String fromName, String fromEmail, String replyTo, String to, String subject, String text,
                           String html, Map<String, String> headers) {
    }

    /** What became of a send. */
    public record Outcome(Kind kind, String detail) {

        public enum Kind { SENT, PERMANENT, TRANSIENT }

        public static final Outcome SENT = new Outcome(Kind.SENT, null);
    }

    @Inject
    ReactiveMailer mailer;

    public Uni<Outcome> send(Outgoing email) {
        Mail mail = Mail.withText(email.to(), oneLine(email.subject()), email.text());
        if (email.html() != null) {
            mail.setHtml(email.html());
        }
        mail.setFrom(address(email.fromName(), email.fromEmail()));
        if (email.replyTo() != null) {
            mail.setReplyTo(email.replyTo());
        }
        email.headers().forEach((name, value) -> mail.addHeader(name, oneLine(value)));
        return mailer.send(mail).replaceWith(Outcome.SENT).onFailure().recoverWithItem(EmailSender::classify);
    }

    static Outcome classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                String detail = smtp.getReplyCode() + " " + smtp.getReplyMessage();
                return new Outcome(smtp.isPermanent() ? Outcome.Kind.PERMANENT : Outcome.Kind.TRANSIENT, detail);
            }
        }
        String message = failure.getMessage();
        return new Outcome(Outcome.Kind.TRANSIENT, failure.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }

    /** {@code "Name" <address>}, the name stripped of what could break out of the header. */
    static String address(String name, String email) {
        if (name == null || name.isBlank()) {
            return email;
        }
        return "\"" + oneLine(name).replace("\"", "").replace("\\", "") + "\" <" + email + ">";
    }

    /** A header value on one line: a template can never add a header. */
    static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ").trim();
    }
}
