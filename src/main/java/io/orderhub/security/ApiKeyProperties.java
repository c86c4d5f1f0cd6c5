package io.orderhub.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API keys the hub accepts ({@code orderhub.security.api-keys[n].*}). In production give
 * them by environment, e.g. {@code ORDERHUB_SECURITY_API_KEYS_0_KEY}.
 */
@ConfigurationProperties("orderhub.security")
public record ApiKeyProperties(@DefaultValue List<ApiKey> apiKeys) {

    /**
     * @param name    shown in history and logs instead of the secret
     * @param key     the secret the client sends as {@code Authorization: Bearer <key>}
     * @param role    storefront, agent or admin
     * @param channel for storefront keys: the one channel it may place and see orders for
     */
    public record ApiKey(String name, String key, Role role, String channel) {
    }
}
