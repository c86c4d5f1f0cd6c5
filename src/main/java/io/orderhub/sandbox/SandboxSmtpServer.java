package io.orderhub.sandbox;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.annotation.PreDestroy;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * A real SMTP server inside the sandbox (GreenMail), so the email connector sends over SMTP as
 * it would in production. It listens on 127.0.0.1 only, asks for the configured login and keeps
 * every message in memory, readable at /sandbox/admin/mail. Its port is published as
 * {@code local.sandbox.smtp.port}, like Spring's {@code local.server.port}, so port 0 works.
 */
@Component
@Profile("sandbox")
public class SandboxSmtpServer {

    private static final Logger log = LoggerFactory.getLogger(SandboxSmtpServer.class);

    /** One received message, as people and tests read it. */
    public record Mail(String from, List<String> to, String subject, String text, Instant receivedAt) {
    }

    private final SandboxMessagingProperties.Smtp smtp;
    private final int port;
    private GreenMail greenMail;
    /** What the server received before it was last switched off; a server started again starts empty. */
    private final List<MimeMessage> receivedEarlier = new java.util.ArrayList<>();

    public SandboxSmtpServer(SandboxMessagingProperties properties, ConfigurableEnvironment environment) {
        smtp = properties.smtp();
        greenMail = start(smtp.port());
        port = greenMail.getSmtp().getPort();
        environment.getPropertySources().addFirst(new MapPropertySource("sandboxSmtp", Map.of("local.sandbox.smtp.port", port)));
        log.info("SANDBOX: SMTP server on 127.0.0.1:{}; received mail at GET /sandbox/admin/mail", port);
    }

    private GreenMail start(int onPort) {
        GreenMail server = new GreenMail(new ServerSetup(onPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(smtp.user(), smtp.password()));
        server.start();
        return server;
    }

    /**
     * Switched down (PUT /sandbox/admin/partners/smtp {"mode": "down"}) the server stops listening,
     * as a mail server that is down: connections are refused. Up again, it listens on the same port.
     */
    public synchronized void setRunning(boolean running) {
        if (!running && greenMail != null) {
            receivedEarlier.addAll(List.of(greenMail.getReceivedMessages()));
            greenMail.stop();
            greenMail = null;
            log.info("SANDBOX: SMTP server switched off");
        } else if (running && greenMail == null) {
            greenMail = start(port);
            log.info("SANDBOX: SMTP server on 127.0.0.1:{} again", port);
        }
    }

    /** Messages to this address, oldest first. */
    public synchronized List<Mail> messagesTo(String address) throws MessagingException, IOException {
        String wanted = address.trim().toLowerCase(Locale.ROOT);
        List<Mail> mails = new java.util.ArrayList<>();
        List<MimeMessage> received = new java.util.ArrayList<>(receivedEarlier);
        if (greenMail != null) {
            received.addAll(List.of(greenMail.getReceivedMessages()));
        }
        for (MimeMessage message : received) {
            List<String> to = addresses(message.getAllRecipients());
            if (to.contains(wanted)) {
                mails.add(new Mail(addresses(message.getFrom()).stream().findFirst().orElse(null), to,
                        message.getSubject(), text(message),
                        message.getSentDate() == null ? null : message.getSentDate().toInstant()));
            }
        }
        return mails;
    }

    @PreDestroy
    synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses)
                .map(address -> address instanceof InternetAddress internet ? internet.getAddress() : address.toString())
                .map(value -> value.toLowerCase(Locale.ROOT))
                .toList();
    }

    private static String text(MimeMessage message) throws MessagingException, IOException {
        Object content = message.getContent();
        if (content instanceof Multipart multipart && multipart.getCount() > 0) {
            content = multipart.getBodyPart(0).getContent();
        }
        return String.valueOf(content);
    }
}
