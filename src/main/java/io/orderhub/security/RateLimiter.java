package io.orderhub.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.orderhub.api.Problem;
import io.orderhub.api.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) by name, in this instance's memory (a bounded cache): N instances allow
 * N times the rate. An empty bucket answers 429 problem+json with Retry-After.
 */
@Component
public class RateLimiter {

    private final ProblemWriter problems;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(RateLimitProperties properties, ProblemWriter problems) {
        this.problems = problems;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(properties.maxTrackedCallers())
                .expireAfterAccess(properties.longestPeriod())
                .build();
    }

    /** Takes one request from the bucket; when it is empty writes the 429 and answers false. */
    public boolean consume(String bucketName, RateLimitProperties.Limit limit, HttpServletRequest request,
                           HttpServletResponse response) throws IOException {
        ConsumptionProbe probe = bucket(bucketName, limit).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            refuse(limit, probe.getNanosToWaitForRefill(), request, response);
            return false;
        }
        response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        return true;
    }

    /** Whether the bucket has a request left, taking none; when it is empty writes the 429 and answers false. */
    public boolean available(String bucketName, RateLimitProperties.Limit limit, HttpServletRequest request,
                             HttpServletResponse response) throws IOException {
        EstimationProbe probe = bucket(bucketName, limit).estimateAbilityToConsume(1);
        if (!probe.canBeConsumed()) {
            refuse(limit, probe.getNanosToWaitForRefill(), request, response);
            return false;
        }
        return true;
    }

    /** Takes one request from the bucket, whatever is left: for counting failures. */
    public void spend(String bucketName, RateLimitProperties.Limit limit) {
        bucket(bucketName, limit).tryConsume(1);
    }

    private Bucket bucket(String name, RateLimitProperties.Limit limit) {
        return buckets.get(name, key -> Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.capacity()).refillIntervally(limit.capacity(), limit.period()))
                .build());
    }

    private void refuse(RateLimitProperties.Limit limit, long nanosToWait, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanosToWait + 999_999_999L));
        response.setHeader("Retry-After", Long.toString(seconds));
        problems.write(request, response, new Problem(429, "rate-limited", "Too many requests",
                "at most " + limit.capacity() + " requests per " + limit.period() + " are accepted here; retry after " + seconds + " s"));
    }
}
