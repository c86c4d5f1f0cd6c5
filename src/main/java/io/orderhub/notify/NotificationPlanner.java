package io.orderhub.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.customer.CustomerAccess;
import io.orderhub.order.Order;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Decides who is told what about one order event. Customers: email for the events in
 * {@code orderhub.notifications.email-events}, a text message for those in {@code sms-events}
 * when the order has a phone number, in the order's language. The order's metadata can opt out:
 * {@code notify.email=false}, {@code notify.sms=false}, or {@code notify.events=shipped,delivered}
 * to be told only about those. Systems: every enabled webhook subscription that wants the event.
 */
@Component("notificationPlanner")
public class NotificationPlanner {

    static final String OPT_EMAIL = "notify.email";
    static final String OPT_SMS = "notify.sms";
    static final String OPT_EVENTS = "notify.events";

    private final OrderRepository orders;
    private final NotificationProperties properties;
    private final NotificationTemplates templates;
    private final TemplateModels models;
    private final WebhookSubscriptions subscriptions;
    private final ObjectMapper mapper;
    private final CustomerAccess customerAccess;

    public NotificationPlanner(OrderRepository orders, NotificationProperties properties, NotificationTemplates templates,
                               TemplateModels models, WebhookSubscriptions subscriptions, ObjectMapper mapper,
                               CustomerAccess customerAccess) {
        this.orders = orders;
        this.properties = properties;
        this.templates = templates;
        this.models = models;
        this.subscriptions = subscriptions;
        this.mapper = mapper;
        this.customerAccess = customerAccess;
    }

    /** @param requestJson a message from notifications.requested (see {@link NotificationRequests}) */
    public NotificationPlan plan(String requestJson) throws Exception {
        JsonNode request = mapper.readTree(requestJson);
        Request parsed = parse(request);
        // which channels only: the model is built when a channel's message is sent (a customer link's
        // model holds a fresh access token, which must be made once, for the email that carries it)
        List<CustomerNotification> customer = customerNotifications(parsed);
        // one message per channel, carrying the request rather than the recipient: the channel's
        // route plans it again (forChannel), so no address waits on the broker or in a dead letter
        List<String> customerMessages = customer.stream()
                .map(notification -> {
                    ObjectNode message = mapper.createObjectNode();
                    message.put("orderId", parsed.order().id());
                    message.put("channel", notification.channel());
                    message.put("event", parsed.event().wireName());
                    message.set("request", request);
                    return message.toString();
                })
                .toList();
        // a resend was told to systems the first time; a customer link is the customer's alone
        if (parsed.data().containsKey(NotificationRequests.RESEND_ID) || parsed.event() == NotificationEvent.CUSTOMER_LINK) {
            return new NotificationPlan(customer, customerMessages, List.of());
        }
        String orderId = parsed.order().id();
        NotificationEvent event = parsed.event();
        String eventId = eventId(orderId, event, parsed.occurrence());
        ObjectNode payload = webhookPayload(parsed.order(), event, parsed.data(), eventId, request.path("requestedAt").asText(null));
        List<String> deliveries = subscriptions.activeFor(event).stream()
                .map(subscription -> {
                    ObjectNode delivery = mapper.createObjectNode();
                    delivery.put("orderId", orderId);
                    delivery.put("subscription", subscription.name());
                    delivery.put("eventId", eventId);
                    delivery.put("event", event.wireName());
                    delivery.set("payload", payload);
                    return delivery.toString();
                })
                .toList();
        return new NotificationPlan(customer, customerMessages, deliveries);
    }

    /**
     * The customer notification a channel message (from {@link NotificationPlan#customerMessages})
     * stands for, planned again from its request, without its model yet; null when the customer no
     * longer wants it on that channel (opted out since, or the address was removed).
     */
    public CustomerNotification forChannel(String messageJson) throws Exception {
        JsonNode message = mapper.readTree(messageJson);
        String channel = message.path("channel").asText();
        return customerNotifications(parse(message.path("request"))).stream()
                .filter(notification -> notification.channel().equals(channel))
                .findFirst().orElse(null);
    }

    /**
     * The notification with what its templates show, built once its sending was claimed: a
     * customer link's model holds a new access token, so a duplicate message that loses the claim
     * makes none. Its model stays null when the link is no longer current (revoked or replaced
     * after it was asked for): that message must not go out.
     */
    public CustomerNotification withModel(CustomerNotification notification, String messageJson) throws Exception {
        JsonNode request = mapper.readTree(messageJson).path("request");
        Request parsed = parse(request);
        // amounts are written the way the template's language writes them
        Map<String, Object> model = models.model(parsed.order(), parsed.event(), parsed.data(), notification.language());
        if (parsed.event() == NotificationEvent.CUSTOMER_LINK) {
            String askedAt = request.path("requestedAt").asText(null);
            Optional<String> trackUrl = askedAt == null ? Optional.empty()
                    : customerAccess.issueForLink(parsed.order().id(), parsed.data().get(NotificationRequests.LINK_ID),
                            notification.channel(), Instant.parse(askedAt));
            if (trackUrl.isEmpty()) {
                return notification;
            }
            // the token exists only from here on, in this model and the message made from it
            model.put("trackUrl", trackUrl.get());
        }
        return notification.withModel(model);
    }

    private record Request(Order order, NotificationEvent event, Map<String, String> data, String occurrence) {
    }

    private Request parse(JsonNode request) {
        String orderId = request.path("orderId").asText();
        NotificationEvent event = NotificationEvent.of(request.path("event").asText(null));
        Map<String, String> data = new LinkedHashMap<>();
        request.path("data").fields().forEachRemaining(field -> data.put(field.getKey(), field.getValue().asText()));
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        return new Request(order, event, data, occurrence(data));
    }

    private List<CustomerNotification> customerNotifications(Request request) {
        Order order = request.order();
        NotificationEvent event = request.event();
        String orderId = order.id();
        String occurrence = request.occurrence();
        List<CustomerNotification> customer = new ArrayList<>();
        if (customerWants(order, event)) {
            String language = templates.languageOf(order.customer().language());
            if (properties.emailEvents().contains(event.wireName()) && optedIn(order, OPT_EMAIL)
                    && present(order.customer().email())) {
                var subject = templates.find(language, event, NotificationTemplates.Part.SUBJECT);
                var text = templates.find(language, event, NotificationTemplates.Part.EMAIL);
                customer.add(new CustomerNotification(orderId, event, CustomerNotification.EMAIL, order.customer().email(),
                        Masking.email(order.customer().email()), text.language(), text.name(), subject.path(), text.path(),
                        key(orderId, event, occurrence, CustomerNotification.EMAIL), null));
            }
            if (properties.smsEvents().contains(event.wireName()) && optedIn(order, OPT_SMS)
                    && present(order.customer().phone())) {
                var text = templates.find(language, event, NotificationTemplates.Part.SMS);
                customer.add(new CustomerNotification(orderId, event, CustomerNotification.SMS, order.customer().phone(),
                        Masking.phone(order.customer().phone()), text.language(), text.name(), null, text.path(),
                        key(orderId, event, occurrence, CustomerNotification.SMS), null));
            }
        }
        return customer;
    }

    /**
     * The event's id: the same for every redelivery or repeat of one request, so receivers can
     * drop duplicates by it, and different for a second shipment or return of the same order.
     */
    static String eventId(String orderId, NotificationEvent event, String occurrence) {
        return UUID.nameUUIDFromBytes((orderId + ":" + event.wireName() + ":" + occurrence).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String key(String orderId, NotificationEvent event, String occurrence, String channel) {
        return orderId + ":" + event.wireName() + (occurrence.isEmpty() ? "" : ":" + occurrence) + ":" + channel;
    }

    private static String occurrence(Map<String, String> data) {
        String reference = data.getOrDefault(NotificationRequests.SHIPMENT_ID,
                data.getOrDefault(NotificationRequests.RETURN_ID, data.getOrDefault(NotificationRequests.CHANGE_ID,
                        data.get(NotificationRequests.LINK_ID))));
        String resend = data.get(NotificationRequests.RESEND_ID);
        if (resend != null) {
            // a resend is an occurrence of its own: the once-per-event claim lets it through, once
            return (reference == null ? "" : reference + ":") + "resend:" + resend;
        }
        return reference == null ? "" : reference;
    }

    private ObjectNode webhookPayload(Order order, NotificationEvent event, Map<String, String> data, String eventId, String requestedAt) {
        ObjectNode payload = mapper.createObjectNode();
        payload.put("id", eventId);
        payload.put("event", event.wireName());
        payload.put("occurredAt", requestedAt);
        ObjectNode summary = payload.putObject("order");
        summary.put("id", order.id());
        summary.put("externalId", order.externalId());
        summary.put("channel", order.channel());
        summary.put("status", order.status().name());
        summary.put("currency", order.currency().getCurrencyCode());
        summary.put("total", order.total().toPlainString());
        ObjectNode details = payload.putObject("data");
        data.forEach(details::put);
        return payload;
    }

    private static boolean customerWants(Order order, NotificationEvent event) {
        JsonNode events = order.metadata() == null ? null : order.metadata().get(OPT_EVENTS);
        if (events == null || events.isNull() || events.asText().isBlank()) {
            return true;
        }
        return Arrays.stream(events.asText().split(",")).map(name -> name.trim().toLowerCase(Locale.ROOT))
                .anyMatch(event.wireName()::equals);
    }

    /** Metadata {@code false} or {@code "false"} opts out; anything else, or nothing, leaves the default. */
    private static boolean optedIn(Order order, String key) {
        JsonNode value = order.metadata() == null ? null : order.metadata().get(key);
        return value == null || !"false".equalsIgnoreCase(value.asText());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
