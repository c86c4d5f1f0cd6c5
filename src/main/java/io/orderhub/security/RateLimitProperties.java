package io.orderhub.security;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Requests allowed ({@code orderhub.rate-limits.*}), each a bucket of {@code capacity} requests
 * filled up again at the end of every {@code period}:
 *
 * @param intake                per API key on the order-creating endpoints (POST /api/orders, POST /api/agent/orders)
 * @param intakeByKey           another intake limit for the API key of that name
 * @param tracking              per order on the customer endpoints (whichever customer token is used)
 * @param trackingPerKey        per API key on GET /api/orders/{id}/tracking and /shipments (the carrier is asked live)
 * @param failedAuthentication  per client address: unknown customer tokens and API keys; once spent, every
 *                              credential from that address answers 429 until the bucket refills, so
 *                              guessing learns nothing more
 * @param maxTrackedCallers     buckets kept at most (least recently used go first)
 */
@ConfigurationProperties("orderhub.rate-limits")
public record RateLimitProperties(
        @DefaultValue Limit intake,
        @DefaultValue Map<String, Limit> intakeByKey,
        @DefaultValue Limit tracking,
        @DefaultValue Limit trackingPerKey,
        @DefaultValue Limit failedAuthentication,
        @DefaultValue("100000") long maxTrackedCallers) {

    public record Limit(@DefaultValue("600") long capacity, @DefaultValue("1m") Duration period) {
        public Limit {
            if (capacity < 1 || period == null || period.isZero() || period.isNegative()) {
                throw new IllegalStateException("a rate limit needs a capacity of at least 1 and a positive period");
            }
        }
    }

    /** The intake limit of the API key named {@code keyName}. */
    public Limit intakeFor(String keyName) {
        return intakeByKey.getOrDefault(keyName, intake);
    }

    /** The longest period of all limits: how long an idle bucket is worth keeping. */
    Duration longestPeriod() {
        return Stream.concat(Stream.of(intake, tracking, trackingPerKey, failedAuthentication), intakeByKey.values().stream())
                .map(Limit::period).max(Duration::compareTo).orElseThrow();
    }
}
