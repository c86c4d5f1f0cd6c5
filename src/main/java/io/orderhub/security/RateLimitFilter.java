package io.orderhub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits on what the public can reach in bulk, after authentication (failed authentication
 * is limited by {@link ApiKeyAuthenticationFilter}): the order-creating endpoints per API key,
 * order tracking and live shipment tracking per API key, and every customer endpoint per order of
 * the customer's token.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private static final Pattern TRACKING = Pattern.compile("/api/orders/[^/]+/(tracking|shipments)");

    private final RateLimitProperties properties;
    private final RateLimiter limiter;

    public RateLimitFilter(RateLimitProperties properties, RateLimiter limiter) {
        this.properties = properties;
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE) instanceof Caller caller
                && !allowed(caller, request, response)) {
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean allowed(Caller caller, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (caller.role() == Role.CUSTOMER) {
            return limiter.consume("customer:" + caller.orderId(), properties.tracking(), request, response);
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        if ("POST".equals(method) && (path.equals("/api/orders") || path.equals("/api/agent/orders"))) {
            return limiter.consume("intake:" + caller.keyName(), properties.intakeFor(caller.keyName()), request, response);
        }
        if ("GET".equals(method) && TRACKING.matcher(path).matches()) {
            return limiter.consume("tracking:" + caller.keyName(), properties.trackingPerKey(), request, response);
        }
        return true;
    }
}
