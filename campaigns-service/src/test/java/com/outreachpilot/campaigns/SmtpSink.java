package com.outreachpilot.campaigns;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * GreenMail as the SMTP server the sequencer sends to; injected into test fields of type {@link GreenMail}. Like a
 * real server it refuses some recipients: {@code bounce…@} permanently (550), {@code busy…@} for now (451).
 */
public class SmtpSink implements QuarkusTestResourceLifecycleManager {

    private GreenMail mail;

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        mail = new RefusingGreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(port),
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(mail, new TestInjector.MatchesType(GreenMail.class));
    }

    /** GreenMail whose SMTP refuses the recipients above at RCPT TO. */
    static final class RefusingGreenMail extends GreenMail {

        RefusingGreenMail(ServerSetup setup) {
            super(setup);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers ignored) {
            managers = new RefusingManagers(); // read back by getReceivedMessages(): one store for both
            return super.createServices(config, managers);
        }
    }

    static final class RefusingManagers extends Managers {

        private final SmtpManager smtp = new SmtpManager(getImapHostManager(), getUserManager()) {
            @Override
            public String checkRecipient(SmtpState state, MailAddress address) {
                String user = address.getEmail().toLowerCase();
                if (user.startsWith("bounce")) {
                    return "550 5.1.1 <" + address.getEmail() + ">: Recipient address rejected: User unknown";
                }
                if (user.startsWith("busy")) {
                    return "451 4.2.0 <" + address.getEmail() + ">: Mailbox busy, try again later";
                }
                return super.checkRecipient(state, address);
            }
        };

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }
    }

    @Override
    public void stop() {
        if (mail != null) {
            mail.stop();
        }
    }
}
