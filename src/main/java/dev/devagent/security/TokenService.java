package dev.devagent.security;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.devagent.platform.AgentProperties;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Issues bearer tokens and revokes them on logout (revocations are shared by all replicas). */
@Component
public class TokenService {

    static final String ISSUER = "developer-agent";

    private final JwtEncoder encoder;
    private final TokenRevocations revocations;
    private final AgentProperties properties;
    private final Clock clock = Clock.systemUTC();

    TokenService(JwtEncoder encoder, TokenRevocations revocations, AgentProperties properties) {
        this.encoder = encoder;
        this.revocations = revocations;
        this.properties = properties;
    }

    public IssuedToken issue(AuthUser user) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.security().tokenTtl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(user.id().toString())
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim("username", user.username())
                .claim("role", user.role())
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new IssuedToken(token, expiresAt);
    }

    void revoke(String jti, Instant expiresAt) {
        revocations.revoke(jti, expiresAt);
    }

    public record IssuedToken(String token, Instant expiresAt) {
    }
}
