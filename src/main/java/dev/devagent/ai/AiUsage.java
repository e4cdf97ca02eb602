package dev.devagent.ai;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The ai_usage ledger and the cost summary admins read. */
@Component("aiUsage")
public class AiUsage {

    private final JdbcTemplate jdbc;
    private final AiSettings settings;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    AiUsage(JdbcTemplate jdbc, AiSettings settings, io.micrometer.core.instrument.MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.meters = meters;
    }

    public void record(UUID userId, String queryId, String provider, String model, String type, long promptTokens,
                       long completionTokens, boolean cached) {
        double cost = cached ? 0 : settings.cost(model, promptTokens, completionTokens);
        meters.counter("ai_cost_usd", "provider", provider, "model", model).increment(cost);
        jdbc.update("""
                INSERT INTO ai_usage (user_id, query_id, provider, model, type, prompt_tokens, completion_tokens,
                                      cost_usd, cached)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", userId, queryId, provider, model, type, promptTokens,
                completionTokens, BigDecimal.valueOf(cost), cached);
    }

    /** GET /api/admin/costs/summary: tokens and cost by model and by user (optionally the last N days). */
    public Map<String, Object> summary(String days) {
        int window = 30;
        if (days != null && !days.isBlank()) {
            try {
                window = Integer.parseInt(days.trim());
            } catch (NumberFormatException e) {
                window = -1;
            }
            if (window < 1 || window > 3660) {
                throw dev.devagent.platform.ApiException.badRequest("Invalid days", "days must be 1 to 3660");
            }
        }
        List<Map<String, Object>> byModel = jdbc.queryForList("""
                SELECT provider, model, count(*) AS requests, sum(prompt_tokens) AS "promptTokens",
                       sum(completion_tokens) AS "completionTokens", sum(cost_usd)::float8 AS "costUsd",
                       count(*) FILTER (WHERE cached) AS "cachedRequests"
                FROM ai_usage WHERE created_at > now() - make_interval(days => ?)
                GROUP BY provider, model ORDER BY "costUsd" DESC, model""", window);
        List<Map<String, Object>> byUser = jdbc.queryForList("""
                SELECT u.id::text AS "userId", u.username, count(*) AS requests,
                       sum(a.prompt_tokens + a.completion_tokens) AS tokens, sum(a.cost_usd)::float8 AS "costUsd"
                FROM ai_usage a LEFT JOIN users u ON u.id = a.user_id
                WHERE a.created_at > now() - make_interval(days => ?)
                GROUP BY u.id, u.username ORDER BY "costUsd" DESC, u.username""", window);
        Double total = jdbc.queryForObject("""
                SELECT coalesce(sum(cost_usd), 0)::float8 FROM ai_usage
                WHERE created_at > now() - make_interval(days => ?)""", Double.class, window);
        return Map.of("days", window, "totalCostUsd", total == null ? 0 : total, "byModel", byModel,
                "byUser", byUser, "prices", settings.prices() == null ? Map.of() : settings.prices());
    }
}
