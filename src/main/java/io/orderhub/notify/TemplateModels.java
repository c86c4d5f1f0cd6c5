package io.orderhub.notify;

import io.orderhub.order.Money;
import io.orderhub.order.Order;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What notification templates can show, as {@code {{body.<name>}}}: the order's externalId,
 * customerName, lines, subtotal / tax / total (formatted for the language), the event's details
 * (carrier, trackingNumber, amount, reason, returnId, and every request detail under data). For
 * customer-link, {@link NotificationPlanner#withModel} adds the trackUrl with a new access token.
 * docs/notifications.md lists them.
 */
@Component
public class TemplateModels {

    private final JdbcTemplate jdbc;

    public TemplateModels(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Object> model(Order order, NotificationEvent event, Map<String, String> data, String language) {
        Locale locale = Locale.forLanguageTag(language);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("event", event.wireName());
        model.put("orderId", order.id());
        model.put("externalId", order.externalId());
        model.put("customerName", order.customer().name());
        model.put("status", order.status().name());
        model.put("currency", order.currency().getCurrencyCode());
        model.put("subtotal", format(order.subtotal(), locale));
        model.put("tax", order.tax() == null ? null : format(order.tax(), locale));
        model.put("total", format(order.total(), locale));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Order.OrderLine line : order.lines()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", line.name() == null ? line.sku() : line.name());
            row.put("sku", line.sku());
            row.put("quantity", line.quantity());
            row.put("lineTotal", format(line.lineTotal(), locale));
            lines.add(row);
        }
        model.put("lines", lines);
        Map<String, String> details = new LinkedHashMap<>(data);
        if (event == NotificationEvent.SHIPPED && details.get("trackingNumber") == null) {
            details.putAll(recordedShipment(order.id(), details.get(NotificationRequests.SHIPMENT_ID)));
        }
        model.put("carrier", details.get("carrier"));
        model.put("trackingNumber", details.get("trackingNumber"));
        model.put("hasTracking", details.get("trackingNumber") != null);
        model.put("reason", details.get("reason"));
        model.put("returnId", details.get(NotificationRequests.RETURN_ID));
        model.put("amount", amount(details.get("amount"), order, locale));
        model.put("data", details);
        return model;
    }

    /**
     * Carrier and tracking number of the shipment as the pipeline recorded it, for a shipped
     * request that did not carry them: the customer's message should never lack its tracking number.
     */
    private Map<String, String> recordedShipment(String orderId, String shipmentId) {
        String sql = "select carrier, tracking_number from shipments where order_id = ?"
                + (shipmentId == null ? "" : " and shipment_id = ?") + " order by shipped_at desc";
        Object[] args = shipmentId == null ? new Object[] {orderId} : new Object[] {orderId, shipmentId};
        return jdbc.query(sql, (rs, n) -> {
            Map<String, String> shipment = new LinkedHashMap<>();
            if (rs.getString("carrier") != null) {
                shipment.put("carrier", rs.getString("carrier"));
            }
            if (rs.getString("tracking_number") != null) {
                shipment.put("trackingNumber", rs.getString("tracking_number"));
            }
            return shipment;
        }, args).stream().findFirst().orElse(Map.of());
    }

    private static String amount(String amount, Order order, Locale locale) {
        if (amount == null) {
            return null;
        }
        try {
            return format(new Money(new BigDecimal(amount).setScale(order.total().amount().scale(), java.math.RoundingMode.HALF_EVEN),
                    order.currency()), locale);
        } catch (NumberFormatException notANumber) {
            return amount;
        }
    }

    /** "€77.89" in English, "77,89 €" in German; plain spaces, which every SMS alphabet has. */
    static String format(Money money, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(money.currency());
        format.setMinimumFractionDigits(money.amount().scale());
        format.setMaximumFractionDigits(money.amount().scale());
        return format.format(money.amount()).replace('\u00a0', ' ').replace('\u202f', ' ');
    }
}
