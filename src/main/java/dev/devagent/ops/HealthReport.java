package dev.devagent.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.ai.AiBreaker;
import dev.devagent.ai.AiChat;
import dev.devagent.platform.AgentProperties;
import org.apache.camel.Exchange;
import org.neo4j.driver.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * GET /health: the database down or memory critical is unhealthy (503); Neo4j or the AI provider down
 * is degraded (200), because the app still serves answers.
 */
@Component("healthReport")
public class HealthReport {

    private final JdbcTemplate jdbc;
    private final Driver neo4j;
    private final AiChat ai;
    private final ObjectMapper mapper;
    private final double memoryCritical;
    private final Instant started = Instant.now();
    private final AiBreaker breaker;

    HealthReport(JdbcTemplate jdbc, Driver neo4j, AiChat ai, AiBreaker breaker, ObjectMapper mapper,
                 AgentProperties properties) {
        this.breaker = breaker;
        this.jdbc = jdbc;
        this.neo4j = neo4j;
        this.ai = ai;
        this.mapper = mapper;
        this.memoryCritical = properties.health().memoryCriticalRatio();
    }

    public void respond(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> report = report();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, "unhealthy".equals(report.get("status")) ? 503 : 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(mapper.writeValueAsString(report));
    }

    public Map<String, Object> report() {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("database", database());
        checks.put("neo4j", graph());
        checks.put("openai", aiProvider());
        checks.put("memory", memory());
        boolean unhealthy = isDown(checks.get("database")) || isDown(checks.get("memory"));
        boolean degraded = isDown(checks.get("neo4j")) || isDown(checks.get("openai"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", unhealthy ? "unhealthy" : degraded ? "degraded" : "healthy");
        report.put("timestamp", Instant.now().toString());
        report.put("uptime", Duration.between(started, Instant.now()).toSeconds());
        report.put("checks", checks);
        return report;
    }

    private static boolean isDown(Object check) {
        return check instanceof Map<?, ?> map && "down".equals(map.get("status"));
    }

    private Map<String, Object> database() {
        long start = System.nanoTime();
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
            return Map.of("status", "up", "latencyMs", elapsedMs(start));
        } catch (RuntimeException e) {
            return Map.of("status", "down", "error", e.getClass().getSimpleName());
        }
    }

    private Map<String, Object> graph() {
        long start = System.nanoTime();
        try (var session = neo4j.session()) {
            session.run("RETURN 1").consume();
            return Map.of("status", "up", "latencyMs", elapsedMs(start));
        } catch (RuntimeException e) {
            return Map.of("status", "down", "error", e.getClass().getSimpleName());
        }
    }

    /** The model is "down" while the AI breaker is open: answers then come from the offline provider. */
    private Map<String, Object> aiProvider() {
        Map<String, Object> check = new LinkedHashMap<>();
        String state = breaker.state();
        check.put("status", breaker.isOpen() ? "down" : "up");
        check.put("provider", ai.primaryProvider());
        if (state != null) {
            check.put("breaker", state);
        }
        return check;
    }

    private Map<String, Object> memory() {
        long max = Runtime.getRuntime().maxMemory();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        double ratio = max > 0 ? (double) afterGc / max : 0;
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("status", ratio > memoryCritical ? "down" : "up");
        check.put("heapUsedAfterGcBytes", afterGc);
        check.put("heapMaxBytes", max);
        check.put("ratio", Math.round(ratio * 1000) / 1000.0);
        return check;
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
