package io.orderhub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/** The canonical requests of the email and SMS connectors (connectors/email-smtp, sms-http). */
@Component("channelRequests")
public class ChannelRequests {

    private final ObjectMapper mapper;
    private final NotificationProperties properties;

    public ChannelRequests(ObjectMapper mapper, NotificationProperties properties) {
        this.mapper = mapper;
        this.properties = properties;
    }

    /** {"to", "subject", "text", "reference"}: one plain-text email. */
    public String email(CustomerNotification notification, String subject, String text) {
        return mapper.createObjectNode()
                .put("to", notification.recipient())
                // a subject is one line: a template's trailing newline must not end up in the header
                .put("subject", subject.strip().replaceAll("\\s*\\R\\s*", " "))
                .put("text", text)
                .put("reference", notification.key())
                .toString();
    }

    /** {"to", "from", "text", "reference"}: one text message; reference doubles as the provider's Idempotency-Key. */
    public String sms(CustomerNotification notification, String text) {
        return mapper.createObjectNode()
                .put("to", notification.recipient())
                .put("from", properties.smsSender())
                .put("text", text.strip())
                .put("reference", notification.key())
                .toString();
    }
}
