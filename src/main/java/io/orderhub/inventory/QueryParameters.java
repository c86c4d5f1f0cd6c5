package io.orderhub.inventory;

import io.orderhub.order.Violation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * Query parameters of the request a route answers, read from the servlet request itself so
 * that repeated parameters (?sku=A&sku=B) keep every value, in order. Problems are collected as
 * violations whose pointer names the parameter (/sku/1 for the second sku).
 */
public final class QueryParameters {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final HttpServletRequest request;
    private final List<Violation> problems;

    public QueryParameters(Exchange exchange, List<Violation> problems) {
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        if (message == null) {
            throw new IllegalStateException("not an HTTP request: " + exchange.getFromRouteId());
        }
        this.request = message.getRequest();
        this.problems = problems;
    }

    /** Every value given, blanks included (and reported by the checks). */
    public List<String> all(String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? List.of() : List.of(values);
    }

    /** The one value, or null; a parameter given twice is a problem. */
    public String one(String name) {
        List<String> values = all(name);
        if (values.size() > 1) {
            problems.add(new Violation("/" + name, "is given " + values.size() + " times; give it once"));
        }
        return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }

    /** SKUs as the order schema allows them; at least one, at most {@code max}. */
    public List<String> skus(String name, int max) {
        List<String> skus = all(name).stream().map(String::trim).toList();
        if (skus.isEmpty()) {
            problems.add(new Violation("/" + name, "is required: give one or more, e.g. ?" + name + "=MUG-CLASSIC"));
        } else if (skus.size() > max) {
            problems.add(new Violation("/" + name, "is given " + skus.size() + " times; at most " + max));
        }
        for (int i = 0; i < skus.size() && i < max; i++) {
            if (!isSku(skus.get(i))) {
                problems.add(new Violation("/" + name + "/" + i, "is not a SKU: 1 to 64 of A-Z a-z 0-9 . _ / -"));
            }
        }
        return skus;
    }

    public String postalCode(String name, boolean required) {
        String value = one(name);
        if (value == null) {
            if (required) {
                problems.add(new Violation("/" + name, "is required"));
            }
            return null;
        }
        if (!value.matches("[A-Za-z0-9 -]{1,20}")) {
            problems.add(new Violation("/" + name, "is not a postal code: 1 to 20 letters, digits, spaces or dashes"));
            return null;
        }
        return value;
    }

    /** An ISO 3166-1 alpha-2 code in upper case, or {@code fallback} if not given. */
    public String country(String name, String fallback) {
        String value = one(name);
        if (value == null) {
            return fallback;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!upper.matches("[A-Z]{2}") || !COUNTRIES.contains(upper)) {
            problems.add(new Violation("/" + name, "'" + value + "' is not an ISO 3166-1 alpha-2 country code"));
            return fallback;
        }
        return upper;
    }

    public static boolean isSku(String value) {
        return value != null && value.matches("[A-Za-z0-9._/-]{1,64}");
    }
}
