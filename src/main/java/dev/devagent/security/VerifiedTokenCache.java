package dev.devagent.security;

import java.time.Duration;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Checks a token's signature once and remembers the parsed token for a few minutes; the claims (expiry,
 * issuer, revocation) are still validated on every use. A client sends the same bearer token with every
 * request, and parsing and the HMAC were a visible share of each request's CPU.
 */
final class VerifiedTokenCache implements JwtDecoder {

    static final Duration REMEMBER = Duration.ofMinutes(5);

    private final JwtDecoder signatureCheck;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBER)
            .maximumSize(10_000)
            .build();

    /** {@code signatureCheck} parses and verifies the signature only; {@code validator} checks the claims. */
    VerifiedTokenCache(JwtDecoder signatureCheck, OAuth2TokenValidator<Jwt> validator) {
        this.signatureCheck = signatureCheck;
        this.validator = validator;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.getIfPresent(token);
        if (jwt == null) {
            jwt = signatureCheck.decode(token);
            verified.put(token, jwt);
        }
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            String description = result.getErrors().stream()
                    .map(e -> e.getDescription() == null ? e.getErrorCode() : e.getDescription())
                    .collect(Collectors.joining(", "));
            throw new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
                    result.getErrors());
        }
        return jwt;
    }
}
