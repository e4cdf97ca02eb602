package dev.devagent.security;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Looks up logged-out tokens; kept apart from TokenService so the decoder does not depend on the encoder. */
@Component
class TokenRevocations {

    private final JdbcTemplate jdbc;

    TokenRevocations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean isRevoked(String jti) {
        Boolean revoked = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = ?)",
                Boolean.class, jti);
        return Boolean.TRUE.equals(revoked);
    }
}
