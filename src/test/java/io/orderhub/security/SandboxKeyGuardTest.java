package io.orderhub.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SandboxKeyGuardTest {

    private static final ApiKeyProperties DEV_KEYS = new ApiKeyProperties(List.of(
            new ApiKeyProperties.ApiKey("dev-storefront", "dev-storefront", Role.STOREFRONT, "web")));
    private static final ApiKeyProperties REAL_KEYS = new ApiKeyProperties(List.of(
            new ApiKeyProperties.ApiKey("shop", "7f3c0a9e5b1d4c2a8e6f", Role.STOREFRONT, "web")));

    @Test
    void devKeysAreRefusedOutsideTheSandbox() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");

        assertThatThrownBy(() -> new SandboxKeyGuard(DEV_KEYS, production))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev-storefront");
    }

    @Test
    void devKeysWorkInTheSandboxIncludingWhenItIsTheDefaultProfile() {
        MockEnvironment explicit = new MockEnvironment();
        explicit.setActiveProfiles("sandbox");
        MockEnvironment byDefault = new MockEnvironment();
        byDefault.setDefaultProfiles("sandbox");

        assertThatCode(() -> new SandboxKeyGuard(DEV_KEYS, explicit)).doesNotThrowAnyException();
        assertThatCode(() -> new SandboxKeyGuard(DEV_KEYS, byDefault)).doesNotThrowAnyException();
    }

    @Test
    void realKeysWorkAnywhere() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");

        assertThatCode(() -> new SandboxKeyGuard(REAL_KEYS, production)).doesNotThrowAnyException();
    }

    @Test
    void aStorefrontKeyWithoutAChannelOrAShortKeyIsAConfigurationError() {
        assertThatThrownBy(() -> new ApiKeys(new ApiKeyProperties(List.of(
                new ApiKeyProperties.ApiKey("shop", "long-enough-key", Role.STOREFRONT, null)))))
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> new ApiKeys(new ApiKeyProperties(List.of(
                new ApiKeyProperties.ApiKey("shop", "short", Role.AGENT, null)))))
                .hasMessageContaining("8 characters");
    }
}
