package dev.devagent.security;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/** Checks a bearer token outside the HTTP filter chain (WebSocket frames): signature, expiry, revocation. */
@Component
public class TokenVerifier {

    private final JwtDecoder decoder;

    TokenVerifier(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    /** The token's user, or empty when the token is missing, forged, expired or revoked. */
    public java.util.Optional<AuthUser> verify(String token) {
        if (token == null || token.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(SecurityConfiguration.toUser(decoder.decode(token)));
        } catch (JwtException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
