package io.orderhub.order;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.security.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/** Reading orders for the API: one order with its history, or a filtered page for agents. */
@Service
public class OrderQueries {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    private final OrderRepository orders;
    private final OrderJson json;

    public OrderQueries(OrderRepository orders, OrderJson json) {
        this.orders = orders;
        this.json = json;
    }

    /** The order with its full history; an order of another channel is "not found" for a storefront key. */
    public ObjectNode get(String id, Caller caller) {
        Order order = orders.findById(id)
                .filter(found -> caller.maySee(found.id(), found.channel()))
                .orElseThrow(() -> new OrderNotFoundException(id));
        return json.view(order, orders.history(id));
    }

    /**
     * The agents' search. Every filter is optional and they combine: the order id, status, the
     * shop's order number, the customer's email (any case) or phone (digits, and a leading +, compared
     * only: {@link OrderRepository#searchablePhone}), and the day or
     * instant range the order was placed in ({@code createdFrom} inclusive, {@code createdTo}
     * inclusive for a date, exclusive for an instant; dates are UTC days).
     */
    public ObjectNode list(String id, String status, String externalId, String customerEmail, String customerPhone,
                           String createdFrom, String createdTo, String channel,
                           String cursor, String limit, Caller caller) {
        List<Violation> problems = new java.util.ArrayList<>();
        OrderStatus statusFilter = parseStatus(status, problems);
        Instant from = parseTime("/createdFrom", createdFrom, false, problems);
        Instant before = parseTime("/createdTo", createdTo, true, problems);
        if (from != null && before != null && !from.isBefore(before)) {
            problems.add(new Violation("/createdTo", "must be after createdFrom"));
        }
        OrderSearch.Position after = decodeCursor(cursor, problems);
        int pageSize = parseLimit(limit, problems);
        String channelFilter = blankToNull(channel);
        if (caller.restrictedChannel() != null) {
            if (channelFilter != null && !channelFilter.equals(caller.restrictedChannel())) {
                problems.add(new Violation("/channel", "this API key may only list channel '" + caller.restrictedChannel() + "'"));
            }
            channelFilter = caller.restrictedChannel();
        }
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(problems);
        }
        var search = new OrderSearch(blankToNull(id), statusFilter, channelFilter, blankToNull(externalId), blankToNull(customerEmail),
                blankToNull(customerPhone), from, before, after);
        List<Order> page = orders.search(search, pageSize + 1);
        ObjectNode result = json.mapper().createObjectNode();
        ArrayNode items = result.putArray("items");
        page.stream().limit(pageSize).forEach(order -> items.add(json.summary(order)));
        if (page.size() > pageSize) {
            Order last = page.get(pageSize - 1);
            result.put("nextCursor", encodeCursor(new OrderSearch.Position(last.createdAt(), last.id())));
        } else {
            result.putNull("nextCursor");
        }
        return result;
    }

    static String encodeCursor(OrderSearch.Position position) {
        String raw = position.createdAt() + "|" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static OrderSearch.Position decodeCursor(String cursor, List<Violation> problems) {
        if (blankToNull(cursor) == null) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar > 0) {
                return new OrderSearch.Position(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below
        }
        problems.add(new Violation("/cursor", "is not a cursor this API returned"));
        return null;
    }

    /** An ISO-8601 instant, or a date meaning its UTC day: its start, or for an upper bound the start of the next day. */
    private static Instant parseTime(String pointer, String value, boolean upperBound, List<Violation> problems) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException notAnInstant) {
            try {
                java.time.LocalDate day = java.time.LocalDate.parse(value.trim());
                return (upperBound ? day.plusDays(1) : day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                problems.add(new Violation(pointer, "'" + value + "' is neither a date (2026-03-02) nor an instant (2026-03-02T09:00:00Z)"));
                return null;
            }
        }
    }

    private static OrderStatus parseStatus(String status, List<Violation> problems) {
        if (blankToNull(status) == null) {
            return null;
        }
        try {
            return OrderStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Violation("/status", "'" + status + "' is not an order status; one of " + List.of(OrderStatus.values())));
            return null;
        }
    }

    /** A page size asked for as {@code limit}: 1..200, 50 when not given; anything else is a problem. */
    public static int parseLimit(String limit, List<Violation> problems) {
        if (blankToNull(limit) == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_PAGE_SIZE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new Violation("/limit", "must be a whole number from 1 to " + MAX_PAGE_SIZE));
        return DEFAULT_PAGE_SIZE;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
