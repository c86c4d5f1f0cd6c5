package io.orderhub.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.orderhub.api.Problem;
import io.orderhub.api.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits on the endpoints the public can reach in bulk: order intake (per API key) and the
 * customer endpoints (per order of the customer's token). Runs after authentication, so a limit
 * is kept only for callers the hub knows; an exhausted bucket answers 429 with Retry-After.
 * Buckets live in this instance's memory (a bounded cache): N instances allow N times the rate.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimitProperties properties;
    private final ProblemWriter problems;
    private final Cache<String, Bucket> buckets;

    public RateLimitFilter(RateLimitProperties properties, ProblemWriter problems) {
        this.properties = properties;
        this.problems = problems;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(properties.maxTrackedCallers())
                .expireAfterAccess(longest(properties))
                .build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Object attribute = request.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE);
        String bucketKey = null;
        RateLimitProperties.Limit limit = null;
        if (attribute instanceof Caller caller) {
            if (caller.role() == Role.CUSTOMER) {
                bucketKey = "customer:" + caller.orderId();
                limit = properties.tracking();
            } else if ("POST".equals(request.getMethod()) && "/api/orders".equals(path(request))) {
                bucketKey = "intake:" + caller.keyName();
                limit = properties.intake();
            }
        }
        if (bucketKey != null) {
            RateLimitProperties.Limit chosen = limit;
            Bucket bucket = buckets.get(bucketKey, key -> Bucket.builder()
                    .addLimit(bandwidth -> bandwidth.capacity(chosen.capacity()).refillIntervally(chosen.capacity(), chosen.period()))
                    .build());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
                response.setHeader("Retry-After", Long.toString(seconds));
                problems.write(request, response, new Problem(429, "rate-limited", "Too many requests",
                        "at most " + chosen.capacity() + " requests per " + chosen.period() + " are accepted here; retry after "
                                + seconds + " s"));
                return;
            }
            response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        }
        chain.doFilter(request, response);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static java.time.Duration longest(RateLimitProperties properties) {
        var intake = properties.intake().period();
        var tracking = properties.tracking().period();
        return intake.compareTo(tracking) >= 0 ? intake : tracking;
    }
}
