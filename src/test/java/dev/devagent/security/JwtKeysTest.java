package dev.devagent.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtKeysTest {

    private static MockEnvironment profile(String... profiles) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profiles);
        return environment;
    }

    private static dev.devagent.platform.AgentProperties secret(String value) {
        return TestProperties.with(new dev.devagent.platform.AgentProperties.Security(value,
                java.time.Duration.ofHours(1), true, List.of(), false, List.of(), List.of()));
    }

    @Test
    void prodRefusesToStartWithoutAStrongSecret() {
        assertThatThrownBy(() -> new JwtKeys(secret(""), profile("prod")))
                .hasMessageContaining("JWT_SECRET must be set");
        assertThatThrownBy(() -> new JwtKeys(secret("too-short"), profile("prod")))
                .hasMessageContaining("JWT_SECRET must be set");
        assertThat(new JwtKeys(secret("x".repeat(32)), profile("prod")).key().getAlgorithm()).isEqualTo("HmacSHA256");
    }

    @Test
    void devGeneratesARandomSecretButRejectsAWeakOne() {
        JwtKeys first = new JwtKeys(secret(""), profile("dev"));
        JwtKeys second = new JwtKeys(secret(""), profile("dev"));
        assertThat(first.key().getEncoded()).isNotEqualTo(second.key().getEncoded()).hasSizeGreaterThanOrEqualTo(32);
        assertThatThrownBy(() -> new JwtKeys(secret("short"), profile())).hasMessageContaining("shorter than");
    }
}
