package dev.devagent.security;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Logged-out tokens, kept in PostgreSQL so every replica refuses them; apart from TokenService so the
 * decoder does not depend on the encoder.
 *
 * <p>Every authenticated request asks; the answer is cached per token for {@link #RECHECK_AFTER}, so a busy
 * client costs one lookup a second instead of one per request. A logout takes effect at once on the
 * replica that served it and within that second on the others.
 */
@Component
class TokenRevocations {

    static final Duration RECHECK_AFTER = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final Cache<String, Boolean> answers = Caffeine.newBuilder()
            .expireAfterWrite(RECHECK_AFTER)
            .maximumSize(100_000)
            .build();

    TokenRevocations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean isRevoked(String jti) {
        return answers.get(jti, this::lookUp);
    }

    void revoke(String jti, Instant expiresAt) {
        jdbc.update("INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING",
                jti, Timestamp.from(expiresAt));
        answers.put(jti, true);
    }

    private boolean lookUp(String jti) {
        Boolean revoked = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = ?)",
                Boolean.class, jti);
        return Boolean.TRUE.equals(revoked);
    }
}
