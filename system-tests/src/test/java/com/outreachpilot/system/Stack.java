package com.outreachpilot.system;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.outreachpilot.localstack.MailInbox;
import com.outreachpilot.platform.testing.ServiceProcess;
import com.outreachpilot.platform.testing.TestInfrastructure;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged services, each in its own JVM as in production, against the test JVM's PostgreSQL and Kafka.
 * Started once for all system tests; stopped when JUnit is done.
 */
final class Stack {

    static final String ADMIN_TOKEN = "system-test-admin-token-" + System.nanoTime();
    static final List<String> SERVICES = List.of("billing-service", "contacts-service", "campaigns-service",
            "chat-service", "webhook-dispatcher", "gateway");

    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static final Map<String, ServiceProcess> PROCESSES = new HashMap<>();
    private static boolean started;
    private static GreenMail mail;
    private static MailInbox inbox;
    private static int smtpPort;
    private static int mailHttpPort;

    private Stack() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        TestInfrastructure.start();
        FakeModel.start();
        startMail();
        // a free port is chosen before its service binds it, so another process may take it in between (seen: a
        // management port "already in use"): a start that fails is tried again once on other ports
        for (int attempt = 1; ; attempt++) {
            try {
                startServices();
                break;
            } catch (RuntimeException e) {
                stopServices();
                PROCESSES.clear();
                PORTS.clear();
                if (attempt == 2) {
                    stop();
                    throw new IllegalStateException("Cannot start the services", e);
                }
                System.err.println("The services did not start (" + e.getMessage() + "); trying again on other ports");
            }
        }
        TestInfrastructure.beforeStop(Stack::stop);
        started = true;
    }

    private static void startServices() {
        for (String service : SERVICES) {
            PORTS.put(service, ServiceProcess.freePort());
        }
        for (String service : SERVICES) {
            PROCESSES.put(service, ServiceProcess.of(service, PORTS.get(service), environment()));
        }
        for (String service : SERVICES) {
            PROCESSES.get(service).start();
        }
        for (String service : SERVICES) {
            PROCESSES.get(service).awaitReady(Duration.ofSeconds(120));
        }
    }

    static String gatewayUrl() {
        return "http://localhost:" + PORTS.get("gateway");
    }

    /** The mail viewer's JSON list of what the SMTP sink captured ({@code MAIL_URL} of {@code ./dev/up}). */
    static String mailUrl() {
        return "http://127.0.0.1:" + mailHttpPort + "/messages";
    }

    /** The mail campaigns-service sent, as the SMTP sink captured it. */
    static GreenMail mail() {
        return mail;
    }

    /** Waits, as the fault tests do while a part of the system is down. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The recipients of every captured email whose address contains {@code run} (one entry per email). */
    static List<String> mailedTo(String run) {
        List<String> recipients = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            try {
                for (Address address : message.getAllRecipients()) {
                    if (address.toString().contains(run)) {
                        recipients.add(address.toString());
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return recipients;
    }

    /** Stops the SMTP server (connections are refused) until {@link #smtpUp()}. */
    static synchronized void smtpDown() {
        mail.stop();
    }

    static synchronized void smtpUp() {
        mail.start();
    }

    static int port(String service) {
        return PORTS.get(service);
    }

    /** Where the service's health and metrics are (its management interface). */
    static String managementUrl(String service) {
        return PROCESSES.get(service).managementUrl();
    }

    /** Stops one service (to test what callers see when it is down). */
    static synchronized void kill(String service) {
        PROCESSES.get(service).stop();
    }

    /** Ends a service at once, as a crash or an OOM kill would (no shutdown hooks). */
    static synchronized void crash(String service) {
        PROCESSES.get(service).crash();
    }

    /** Starts a service that was stopped or crashed, and waits until it is ready. */
    static synchronized void start(String service) {
        PROCESSES.get(service).start().awaitReady(Duration.ofSeconds(120));
    }

    static synchronized void restart(String service) {
        kill(service);
        start(service);
    }

    /** What every service of the suite is started with, beyond the shared infrastructure's settings. */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("OP_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("CAMPAIGNS_TRACKING_SECRET", "system-test-tracking-secret-" + ADMIN_TOKEN);
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(smtpPort));
        // a crashed sequencer's claims come back after 10 s, and SMTP outages are retried within seconds
        env.put("CAMPAIGNS_SEQUENCER_LEASE", "10s");
        env.put("CAMPAIGNS_SEQUENCER_RETRY_BACKOFF", "1s");
        env.put("PUBLIC_URL", "http://localhost:" + PORTS.get("gateway"));
        env.put("BILLING_URL", "http://localhost:" + PORTS.get("billing-service"));
        env.put("CONTACTS_URL", "http://localhost:" + PORTS.get("contacts-service"));
        env.put("CAMPAIGNS_URL", "http://localhost:" + PORTS.get("campaigns-service"));
        env.put("CHAT_URL", "http://localhost:" + PORTS.get("chat-service"));
        env.put("WEBHOOKS_URL", "http://localhost:" + PORTS.get("webhook-dispatcher"));
        // a small bucket for the scale plan so the rate limit can be observed; pro keeps its default
        env.put("RATE_LIMIT_SCALE_PER_SECOND", "0.1");
        env.put("RATE_LIMIT_SCALE_BURST", "3");
        // the auth matrix refuses hundreds of wrong keys from one address on purpose; the gateway module's tests
        // check the per-address throttle of failed authentications
        env.put("OP_GATEWAY_FAILED_AUTH_BURST", "100000");
        // webhooks to a receiver in the test JVM, retried quickly, and reclaimed soon after a dispatcher dies
        // the chat agent's model: a scripted OpenAI-compatible endpoint (FakeModel)
        env.put("OPENAI_BASE_URL", FakeModel.baseUrl());
        env.put("OPENAI_API_KEY", "sk-system-test");
        env.put("OPENAI_MODEL", FakeModel.DEFAULT_MODEL);
        env.put("OPENAI_PREMIUM_MODEL", FakeModel.PREMIUM_MODEL);
        env.put("OPENAI_TIMEOUT", "12s");
        env.put("CHAT_MAX_TOOL_ROUNDS", "3");
        // internal tokens live 4 s (reused 3 s): a chat whose model thinks longer needs the long-running route's token
        env.put("GATEWAY_TOKEN_LIFETIME", "4s");
        env.put("WEBHOOK_ALLOWED_CIDRS", "127.0.0.0/8,::1/128");
        env.put("WEBHOOK_REQUIRE_HTTPS", "false");
        env.put("WEBHOOK_RETRY_SCHEDULE", "0s,1s,1s,2s,2s");
        env.put("WEBHOOK_TIMEOUT", "3s");
        env.put("WEBHOOK_LEASE_MARGIN", "2s");
        return env;
    }

    /** The SMTP sink and its mail viewer, as {@code ./dev/up} runs them. */
    private static void startMail() {
        smtpPort = ServiceProcess.freePort();
        mailHttpPort = ServiceProcess.freePort();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try {
            inbox = new MailInbox(mail, mailHttpPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inbox.start();
    }

    /** Every service's log lines that mention {@code needle} (a request id), with the stack trace after each. */
    static synchronized String logsMentioning(String needle) {
        StringBuilder lines = new StringBuilder();
        for (ServiceProcess process : PROCESSES.values()) {
            process.logLines(needle, 12).forEach(line -> lines.append('\n').append(line));
        }
        return lines.toString();
    }

    private static synchronized void stopServices() {
        for (ServiceProcess process : PROCESSES.values()) {
            process.stop();
        }
    }

    private static synchronized void stop() {
        stopServices();
        if (inbox != null) {
            inbox.stop();
        }
        if (mail != null) {
            mail.stop();
        }
    }

}
