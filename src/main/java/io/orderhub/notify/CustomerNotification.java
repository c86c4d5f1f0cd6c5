package io.orderhub.notify;

import java.util.Map;

/**
 * One message to one customer on one channel, ready to render and send. Lives only in the
 * exchange: the full recipient is never stored or logged, {@link #maskedRecipient} is.
 *
 * @param channel         {@link #EMAIL} or {@link #SMS}; the route sends through direct:notify-&lt;channel&gt;
 * @param templateName    language/event, as recorded in the notification log
 * @param subjectTemplate the subject's template file (email only, else null)
 * @param textTemplate    the text's template file
 * @param key             the notification's identity: sent at most once per key
 * @param model           what the templates see as {{body.*}}: null until the sending is claimed
 *                        ({@link NotificationPlanner#withModel}), and null after when the message
 *                        may no longer go out (a customer link revoked or replaced meanwhile)
 */
public record CustomerNotification(
        String orderId,
        NotificationEvent event,
        String channel,
        String recipient,
        String maskedRecipient,
        String language,
        String templateName,
        String subjectTemplate,
        String textTemplate,
        String key,
        Map<String, Object> model) {

    public static final String EMAIL = "email";
    public static final String SMS = "sms";

    public CustomerNotification withModel(Map<String, Object> model) {
        return new CustomerNotification(orderId, event, channel, recipient, maskedRecipient, language, templateName,
                subjectTemplate, textTemplate, key, model);
    }

    /** Without recipient and model: exchanges get printed when things go wrong. */
    @Override
    public String toString() {
        return "CustomerNotification[" + key + " to " + maskedRecipient + " using " + templateName + "]";
    }
}
