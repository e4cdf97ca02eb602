package dev.devagent.security;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokenCacheTest {

    private final AtomicInteger signatureChecks = new AtomicInteger();
    private final AtomicBoolean claimsValid = new AtomicBoolean(true);

    private final JwtDecoder signatureCheck = token -> {
        signatureChecks.incrementAndGet();
        if (!token.startsWith("good.")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token).header("alg", "HS256").subject("user").jti(token)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    };

    private final VerifiedTokenCache decoder = new VerifiedTokenCache(signatureCheck, jwt -> claimsValid.get()
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token was revoked", null)));

    @Test
    void checksTheSignatureOncePerTokenButTheClaimsOnEveryUse() {
        assertThat(decoder.decode("good.one").getSubject()).isEqualTo("user");
        assertThat(decoder.decode("good.one").getSubject()).isEqualTo("user");
        assertThat(signatureChecks).hasValue(1);

        claimsValid.set(false);
        assertThatThrownBy(() -> decoder.decode("good.one"))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("token was revoked");
    }

    @Test
    void aBadTokenIsNotRememberedAndFailsEveryTime() {
        assertThatThrownBy(() -> decoder.decode("forged.one")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged.one")).isInstanceOf(BadJwtException.class);
        assertThat(signatureChecks).hasValue(2);
    }
}
