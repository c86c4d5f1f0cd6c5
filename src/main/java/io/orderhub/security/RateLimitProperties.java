package io.orderhub.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Requests allowed per caller ({@code orderhub.rate-limits.*}): {@code intake} per API key on
 * POST /api/orders, {@code tracking} per customer token's order on the customer endpoints. Each
 * is a bucket of {@code capacity} requests, filled up again at the end of every {@code period}.
 */
@ConfigurationProperties("orderhub.rate-limits")
public record RateLimitProperties(
        @DefaultValue Limit intake,
        @DefaultValue Limit tracking,
        @DefaultValue("100000") long maxTrackedCallers) {

    public record Limit(@DefaultValue("600") long capacity, @DefaultValue("1m") Duration period) {
        public Limit {
            if (capacity < 1 || period == null || period.isZero() || period.isNegative()) {
                throw new IllegalStateException("a rate limit needs a capacity of at least 1 and a positive period");
            }
        }
    }
}
