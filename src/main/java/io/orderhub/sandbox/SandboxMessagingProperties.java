package io.orderhub.sandbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox's receiving ends of notifications: an SMTP server and a webhook receiver.
 *
 * @param smtp            the embedded SMTP server the email connector sends to
 * @param webhookReceiver the receiver the sandbox webhook subscription delivers to
 */
@ConfigurationProperties("orderhub.sandbox")
public record SandboxMessagingProperties(@DefaultValue Smtp smtp, @DefaultValue WebhookReceiver webhookReceiver) {

    /**
     * @param port     where it listens on 127.0.0.1; 0 picks a free port (tests)
     * @param user     the login it accepts
     * @param password the password it accepts
     */
    public record Smtp(@DefaultValue("3025") int port, @DefaultValue("sandbox") String user,
                       @DefaultValue("sandbox-smtp-password") String password) {
    }

    /**
     * @param secret    the secret it verifies signatures with (the sandbox subscription signs with it)
     * @param tolerance how old a signature's timestamp may be
     */
    public record WebhookReceiver(@DefaultValue("sandbox-webhook-secret") String secret,
                                  @DefaultValue("5m") Duration tolerance) {
    }
}
