package io.orderhub.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The dev-* keys are published in README: fine in the sandbox, a hole anywhere else. Outside the
 * sandbox profile the hub refuses to start with them; inside it, it says loudly that they work.
 */
@Component
public class SandboxKeyGuard {

    private static final Logger log = LoggerFactory.getLogger(SandboxKeyGuard.class);

    public SandboxKeyGuard(ApiKeyProperties properties, Environment environment) {
        boolean sandbox = environment.acceptsProfiles(Profiles.of("sandbox"));
        var devKeys = properties.apiKeys().stream()
                .filter(key -> key.key() != null && key.key().startsWith("dev-"))
                .map(ApiKeyProperties.ApiKey::name)
                .toList();
        if (devKeys.isEmpty()) {
            return;
        }
        if (!sandbox) {
            throw new IllegalStateException("the published sandbox API keys " + devKeys
                    + " are configured outside the sandbox profile; configure real keys (orderhub.security.api-keys)");
        }
        log.warn("SANDBOX: the published API keys {} are accepted. Never expose this instance; run with a non-sandbox profile and real keys in production.", devKeys);
    }
}
