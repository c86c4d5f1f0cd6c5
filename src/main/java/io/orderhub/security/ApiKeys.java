package io.orderhub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Looks callers up by key. Keys are held by their SHA-256 digest and compared as digests, so
 * lookup time does not depend on how much of a guessed key is right.
 */
@Component
public class ApiKeys {

    private final Map<String, Caller> callersByDigest = new HashMap<>();

    public ApiKeys(ApiKeyProperties properties) {
        for (ApiKeyProperties.ApiKey key : properties.apiKeys()) {
            if (key.key() == null || key.key().length() < 8 || key.name() == null || key.role() == null) {
                throw new IllegalStateException("API key '" + key.name() + "' needs a name, a role and a key of at least 8 characters");
            }
            if (key.role() == Role.CUSTOMER) {
                throw new IllegalStateException("API key '" + key.name() + "': the customer role belongs to order access tokens, not to API keys");
            }
            if (key.role() == Role.STOREFRONT && (key.channel() == null || key.channel().isBlank())) {
                throw new IllegalStateException("storefront API key '" + key.name() + "' needs a channel");
            }
            if (callersByDigest.put(digest(key.key()), new Caller(key.name(), key.role(), key.channel())) != null) {
                throw new IllegalStateException("API key '" + key.name() + "' is configured twice");
            }
        }
    }

    public Optional<Caller> find(String presentedKey) {
        return Optional.ofNullable(callersByDigest.get(digest(presentedKey)));
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
