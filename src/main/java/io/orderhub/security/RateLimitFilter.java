package io.orderhub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits on what the public can reach in bulk, after authentication (failed authentication
 * is limited by {@link ApiKeyAuthenticationFilter}): the order-creating endpoints per API key,
 * order tracking and live shipment tracking per API key, every customer endpoint per order of
 * the customer's token, and a Shopify or WooCommerce shop's order webhooks per shop (as the intake
 * of a key named {@code storefront:<shop>}; they carry a signature, not a key, and are counted
 * once it holds).
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private static final Pattern TRACKING = Pattern.compile("/api/orders/[^/]+/(tracking|shipments)");
    private static final Pattern SHOP_WEBHOOK = Pattern.compile("/api/storefronts/([^/]+)/orders");

    private final RateLimitProperties properties;
    private final RateLimiter limiter;
    private final Set<String> shops;

    public RateLimitFilter(RateLimitProperties properties, RateLimiter limiter) {
        this(properties, limiter, Set.of());
    }

    /** @param shops the configured Shopify and WooCommerce shops (other names get no bucket: they are 404) */
    public RateLimitFilter(RateLimitProperties properties, RateLimiter limiter, Set<String> shops) {
        this.properties = properties;
        this.limiter = limiter;
        this.shops = Set.copyOf(shops);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE) instanceof Caller caller
                && !allowed(caller, request, response)) {
            return;
        }
        Matcher shopWebhook = SHOP_WEBHOOK.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if ("POST".equals(request.getMethod()) && shopWebhook.matches() && shops.contains(shopWebhook.group(1))) {
            // only checked here: a webhook is counted once its signature holds (StorefrontWebhooks),
            // so unsigned requests cannot use up the shop's allowance
            String key = shopIntakeKey(shopWebhook.group(1));
            if (!limiter.available(intakeBucket(key), properties.intakeFor(key), request, response)) {
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The intake limit's key name of a Shopify or WooCommerce shop: {@code intake-by-key."[storefront:<shop>]"}. */
    public static String shopIntakeKey(String shop) {
        return "storefront:" + shop;
    }

    /** The bucket of a key's order intake. */
    public static String intakeBucket(String keyName) {
        return "intake:" + keyName;
    }

    private boolean allowed(Caller caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (caller.role() == Role.CUSTOMER) {
            return limiter.consume("customer:" + caller.orderId(), properties.tracking(), request, response);
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        if ("POST".equals(method) && (path.equals("/api/orders") || path.equals("/api/agent/orders"))) {
            return limiter.consume(intakeBucket(caller.keyName()), properties.intakeFor(caller.keyName()), request, response);
        }
        if ("GET".equals(method) && TRACKING.matcher(path).matches()) {
            return limiter.consume("tracking:" + caller.keyName(), properties.trackingPerKey(), request, response);
        }
        return true;
    }
}
