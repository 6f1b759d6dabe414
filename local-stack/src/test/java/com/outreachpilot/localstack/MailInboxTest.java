package com.outreachpilot.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mail viewer of ./dev/up, against a real SMTP sink. */
class MailInboxTest {

    private static GreenMail mail;
    private static MailInbox inbox;
    private static int httpPort;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        int smtpPort = freePort();
        httpPort = freePort();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        inbox = new MailInbox(mail, httpPort);
        inbox.start();

        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("Ada <ada@sender.io>"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@receiver.io"));
        message.setSubject("Hello <Bob> & \"friends\"");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Hi Bob,\nsee you.", "utf-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Hi <b>Bob</b></p><script>alert('x')</script>", "text/html; charset=utf-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        Transport.send(message);
        mail.waitForIncomingEmail(5_000, 1);
    }

    @AfterAll
    static void stop() {
        inbox.stop();
        mail.stop();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theListLinksEachMessageWithItsSubjectEscaped() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<a href=\"/view/0\">Hello &lt;Bob&gt; &amp; &quot;friends&quot;</a>"),
                page.body());
        assertTrue(page.body().contains("bob@receiver.io"));
    }

    @Test
    void aMessageShowsItsHeadersTextAndHtmlInASandboxedFrame() throws Exception {
        String page = get("/view/0").body();
        assertTrue(page.contains("<th>Subject</th>"), page);
        assertTrue(page.contains("<pre>Hi Bob,") && page.contains("see you.</pre>"), page);
        assertTrue(page.contains("<iframe sandbox"), page);
        // the message's HTML never becomes part of the page: a script in it is text inside srcdoc
        assertFalse(page.contains("<script>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), page);
    }

    @Test
    void theJsonApiStays() throws Exception {
        HttpResponse<String> list = get("/messages");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().startsWith("[{\"index\":0"), list.body());
        assertEquals(200, get("/messages/0").statusCode());
    }

    @Test
    void anIndexThatNamesNoMessageIs404() throws Exception {
        for (String path : new String[]{"/messages/abc", "/messages/7", "/messages/-1", "/messages/99999999999",
                "/view/abc", "/view/1", "/view/", "/nothing-here"}) {
            assertEquals(404, get(path).statusCode(), path);
        }
    }
}
