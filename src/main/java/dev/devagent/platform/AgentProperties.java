package dev.devagent.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Every tunable of the agent, bound from {@code agent.*} (each with an env override in application.yaml). */
@ConfigurationProperties("agent")
public record AgentProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Embedded embedded,
        @DefaultValue Security security,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Limits limits,
        @DefaultValue Queries queries,
        @DefaultValue Health health) {

    public record Embedded(
            @DefaultValue("7687") int neo4jBoltPort,
            @DefaultValue("64m") String neo4jPagecache) {
    }

    public record Security(
            @DefaultValue("") String jwtSecret,
            @DefaultValue("12h") Duration tokenTtl,
            @DefaultValue("true") boolean registrationOpen,
            @DefaultValue List<String> adminUsernames,
            @DefaultValue("false") boolean firstUserAdmin,
            @DefaultValue List<String> corsOrigin,
            @DefaultValue({"127.0.0.1", "::1"}) List<String> trustedProxies) {
    }

    public record RateLimit(
            @DefaultValue("100") long maxRequests,
            @DefaultValue("15m") Duration window,
            @DefaultValue("50") long aiMaxRequests,
            @DefaultValue("1h") Duration aiWindow) {
    }

    public record Limits(
            @DefaultValue("256KB") DataSize maxBodyBytes,
            @DefaultValue("8000") int maxMessageChars,
            @DefaultValue("200") int maxTitleChars) {
    }

    public record Queries(
            @DefaultValue("4") int workers,
            @DefaultValue("300") long pollIntervalMs,
            @DefaultValue("30s") Duration leaseDuration,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("10") int historySize) {
    }

    public record Health(@DefaultValue("0.90") double memoryCriticalRatio) {
    }
}
