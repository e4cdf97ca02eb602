package dev.devagent.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.devagent.ai.EmbeddingBatch;
import dev.devagent.platform.ApiException;
import dev.devagent.search.CodeChunkStore.ChunkHit;
import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Hybrid code search: PostgreSQL full-text and vector similarity (same model only), fused by
 * reciprocal rank, each hit with its repository, file, line range and commit.
 */
@Component("codeSearch")
public class CodeSearch {

    private static final Logger log = LoggerFactory.getLogger(CodeSearch.class);
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;
    static final int CANDIDATES = 50;
    // reciprocal-rank-fusion constant: dampens the weight of the very first ranks
    static final int RRF_K = 60;
    static final int SNIPPET_CHARS = 800;

    private final CodeChunkStore store;
    private final JdbcTemplate jdbc;
    private final ProducerTemplate camel;
    CodeSearch(CodeChunkStore store, JdbcTemplate jdbc, ProducerTemplate camel) {
        this.store = store;
        this.jdbc = jdbc;
        this.camel = camel;
    }

    /** GET /api/search: validates the parameters, then searches. */
    public SearchResults search(String q, String repo, String limit) {
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("Missing query", "q is required");
        }
        if (q.length() > 500) {
            throw ApiException.badRequest("Query too long", "q is limited to 500 characters");
        }
        int max = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                max = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > MAX_LIMIT) {
                throw ApiException.badRequest("Invalid limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        UUID repository = null;
        if (repo != null && !repo.isBlank()) {
            List<UUID> ids = jdbc.queryForList("SELECT id FROM repositories WHERE full_name = ? OR name = ? LIMIT 1",
                    UUID.class, repo.strip(), repo.strip());
            if (ids.isEmpty()) {
                return new SearchResults(q, List.of());
            }
            repository = ids.get(0);
        }
        return new SearchResults(q, hybrid(q.strip(), repository, max));
    }

    public List<SearchHit> hybrid(String q, UUID repository, int limit) {
        List<ChunkHit> keyword = store.keywordSearch(q, repository, CANDIDATES);
        List<ChunkHit> semantic = List.of();
        try {
            EmbeddingBatch query = camel.requestBody("direct:ai-embed", List.of(q), EmbeddingBatch.class);
            semantic = store.vectorSearch(query.vectors().get(0), query.model(), repository, CANDIDATES);
        } catch (RuntimeException e) {
            // keyword results still answer when the embedding model is unavailable
            log.warn("Vector search unavailable, keyword only: {}", e.toString());
        }
        Map<Long, Double> fused = new HashMap<>();
        Map<Long, ChunkHit> byId = new LinkedHashMap<>();
        for (List<ChunkHit> ranking : List.of(keyword, semantic)) {
            for (int rank = 0; rank < ranking.size(); rank++) {
                ChunkHit hit = ranking.get(rank);
                byId.putIfAbsent(hit.id(), hit);
                fused.merge(hit.id(), 1.0 / (RRF_K + rank + 1), Double::sum);
            }
        }
        List<SearchHit> results = new ArrayList<>();
        byId.values().stream()
                .sorted(Comparator.comparingDouble((ChunkHit h) -> -fused.get(h.id())).thenComparingLong(ChunkHit::id))
                .limit(limit)
                .forEach(h -> results.add(new SearchHit(h.repository(), h.path(), h.startLine(), h.endLine(),
                        h.commitSha(), h.language(), snippet(h.content()),
                        Math.round(fused.get(h.id()) * 100_000) / 100_000.0)));
        return results;
    }

    private static String snippet(String content) {
        return content.length() <= SNIPPET_CHARS ? content : content.substring(0, SNIPPET_CHARS) + "…";
    }

    public record SearchHit(@Schema(requiredMode = REQUIRED) String repository, @Schema(requiredMode = REQUIRED) String path,
                            @Schema(requiredMode = REQUIRED) int startLine, @Schema(requiredMode = REQUIRED) int endLine,
                            @Schema(requiredMode = REQUIRED) String commitSha, String language,
                            @Schema(requiredMode = REQUIRED) String snippet, @Schema(requiredMode = REQUIRED) double score) {
    }

    public record SearchResults(@Schema(requiredMode = REQUIRED) String query,
                                @Schema(requiredMode = REQUIRED) List<SearchHit> results) {
    }
}
