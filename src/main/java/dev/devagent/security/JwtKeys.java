package dev.devagent.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.devagent.platform.AgentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The HS256 signing key from {@code JWT_SECRET}. The prod profile refuses to start without a strong
 * one; elsewhere a random key is generated per start (tokens then end with the process).
 */
@Component
class JwtKeys {

    private static final Logger log = LoggerFactory.getLogger(JwtKeys.class);
    static final int MIN_SECRET_BYTES = 32;

    private final SecretKey key;

    JwtKeys(AgentProperties properties, Environment environment) {
        byte[] secret = properties.security().jwtSecret().getBytes(StandardCharsets.UTF_8);
        if (secret.length >= MIN_SECRET_BYTES) {
            key = new SecretKeySpec(secret, "HmacSHA256");
            return;
        }
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException("JWT_SECRET must be set to at least " + MIN_SECRET_BYTES
                    + " bytes in the prod profile");
        }
        if (secret.length > 0) {
            throw new IllegalStateException("JWT_SECRET is shorter than " + MIN_SECRET_BYTES + " bytes");
        }
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        key = new SecretKeySpec(Base64.getEncoder().encode(random), "HmacSHA256");
        Arrays.fill(random, (byte) 0);
        log.warn("JWT_SECRET is not set: generated a random signing key for this run; tokens end when the process stops");
    }

    SecretKey key() {
        return key;
    }
}
