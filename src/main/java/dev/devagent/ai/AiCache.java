package dev.devagent.ai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers of the model, cached by a hash of model + messages + the commits of the repositories the
 * context came from, so an answer never outlives the code it cites. Only model answers are cached
 * (offline answers cost nothing; degraded ones must not stick).
 */
@Component("aiCache")
public class AiCache {

    public static final String HIT = "aiCacheHit";
    static final String KEY = "aiCacheKey";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final AiChat ai;
    private final AiSettings settings;
    private final TokenStream tokens;
    private final AiUsage usage;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    AiCache(JdbcTemplate jdbc, ObjectMapper mapper, AiChat ai, AiSettings settings, TokenStream tokens, AiUsage usage,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.ai = ai;
        this.settings = settings;
        this.tokens = tokens;
        this.usage = usage;
        Gauge.builder("ai_cache_hit_rate", this, AiCache::hitRate)
                .description("Share of model calls answered from the cache since start")
                .tag("provider", ai.primaryProvider()).tag("model", ai.primaryModel())
                .register(meters);
    }

    /** Before the model: on a hit the cached answer becomes the body (streamed as one token) and the call is skipped. */
    public void lookup(Exchange exchange) {
        ChatRequest request = exchange.getMessage().getBody(ChatRequest.class);
        if (request == null || !ai.usesModel()) {
            return;
        }
        String key = key(request);
        exchange.setProperty(KEY, key);
        List<String> cached = jdbc.queryForList("""
                UPDATE ai_cache SET hits = hits + 1 WHERE cache_key = ? AND expires_at > now()
                RETURNING response::text""", String.class, key);
        if (cached.isEmpty()) {
            misses.incrementAndGet();
            return;
        }
        hits.incrementAndGet();
        try {
            ChatAnswer answer = mapper.readValue(cached.get(0), ChatAnswer.class);
            if (request.queryId() != null) {
                tokens.token(request.conversationId(), request.queryId(), 0, answer.text());
            }
            usage.record(request.userId(), request.queryId(), answer.provider(), answer.model(), "chat", 0, 0, true);
            exchange.setProperty(HIT, true);
            exchange.getMessage().setBody(answer);
        } catch (JsonProcessingException e) {
            // an unreadable entry is a miss
            misses.incrementAndGet();
        }
    }

    /** After the model: a real (not degraded) model answer is kept for the TTL. */
    public void store(Exchange exchange) throws JsonProcessingException {
        String key = exchange.getProperty(KEY, String.class);
        ChatAnswer answer = exchange.getMessage().getBody(ChatAnswer.class);
        if (key == null || answer == null || answer.degraded() || !ai.usesModel()
                || OfflineChatProvider.NAME.equals(answer.provider())) {
            return;
        }
        jdbc.update("""
                INSERT INTO ai_cache (cache_key, model, response, expires_at)
                VALUES (?, ?, ?::jsonb, now() + make_interval(secs => ?))
                ON CONFLICT (cache_key) DO UPDATE SET response = excluded.response, expires_at = excluded.expires_at""",
                key, answer.model(), mapper.writeValueAsString(answer), (double) settings.cacheTtl().toSeconds());
    }

    public int purgeExpired() {
        return jdbc.update("DELETE FROM ai_cache WHERE expires_at < now()");
    }

    double hitRate() {
        long total = hits.get() + misses.get();
        return total == 0 ? 0 : (double) hits.get() / total;
    }

    String key(ChatRequest request) {
        StringBuilder material = new StringBuilder(ai.primaryModel()).append('\u0000')
                .append(PromptBuilder.INSTRUCTIONS).append('\u0000');
        for (HistoryTurn turn : request.history()) {
            material.append(turn.role()).append(':').append(turn.content()).append('\u0000');
        }
        material.append(PromptBuilder.question(request)).append('\u0000');
        // graph facts carry no commit: tie them to the commits of the whole fleet
        List<String> commits = jdbc.queryForList("""
                SELECT full_name || '@' || coalesce(last_indexed_commit, '') FROM repositories ORDER BY full_name""",
                String.class);
        commits.forEach(c -> material.append(c).append('\u0000'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
