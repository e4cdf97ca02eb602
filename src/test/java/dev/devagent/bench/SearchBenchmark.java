package dev.devagent.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

import dev.devagent.ai.AiEmbed;
import dev.devagent.search.CodeChunkStore;
import dev.devagent.search.CodeChunkStore.ChunkHit;
import dev.devagent.search.CodeSearch;
import dev.devagent.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.devagent.bench.ResultsTable.num;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search latency at 100k chunks on pgvector (bench/search/run.sh). Synthetic vectors are inserted
 * directly (embedding 100k real chunks would take half an hour): clustered around 200 random centres,
 * as real code embeddings are, so the HNSW graph has realistic neighbourhoods. Every query goes through
 * the app's own CodeChunkStore / CodeSearch, over JDBC, as a request would.
 */
@ApiTest
class SearchBenchmark {

    static final int DIMENSIONS = AiEmbed.LOCAL_DIMENSIONS;
    static final List<String> WORDS = List.of("invoice", "customer", "order", "payment", "token", "session",
            "account", "ledger", "refund", "shipment", "catalog", "price", "discount", "tenant", "audit", "retry",
            "cache", "queue", "event", "schema", "report", "export", "import", "mapper", "client", "handler",
            "validator", "parser", "buffer", "stream", "window", "metric", "health", "config", "secret", "policy");
    // share of the chunks per repository: one large monorepo down to a small library
    static final int RARE = 7200;
    static final double[] REPOSITORY_SHARES = {0.60, 0.25, 0.10, 0.04, 0.01};

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    CodeChunkStore store;
    @Autowired
    CodeSearch search;

    @Test
    void latencyAtOneHundredThousandChunks() {
        int total = Integer.getInteger("bench.chunks", 100_000);
        int runs = Integer.getInteger("bench.queries", 300);
        assertThat(store.usesPgvector()).as("this benchmark measures pgvector").isTrue();
        String version = jdbc.queryForObject("SELECT extversion FROM pg_extension WHERE extname = 'vector'",
                String.class);
        Random random = new Random(42);
        float[][] centres = new float[200][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = normalized(gaussian(random, 1.0f, null));
        }

        List<UUID> repositories = new ArrayList<>();
        for (int r = 0; r < REPOSITORY_SHARES.length; r++) {
            UUID id = UUID.randomUUID();
            jdbc.update("INSERT INTO repositories (id, url, owner, name, full_name, status) VALUES (?, ?, 'bench', ?, ?, "
                    + "'indexed')", id, "file:///bench/repo-" + r, "repo-" + r, "bench/repo-" + r);
            repositories.add(id);
            store.dedicatePartition(id);
        }
        System.out.printf("inserting %d chunks (pgvector %s)…%n", total, version);
        long insertStarted = System.nanoTime();
        insert(total, repositories, centres, random);
        double insertSeconds = (System.nanoTime() - insertStarted) / 1e9;
        long indexStarted = System.nanoTime();
        // as the app does after a large repository's first index: each partition's index built in one pass
        for (UUID id : repositories) {
            store.buildVectorIndex(id);
        }
        jdbc.execute("ANALYZE code_chunks");
        jdbc.execute("ANALYZE code_chunk_vectors");
        double indexSeconds = (System.nanoTime() - indexStarted) / 1e9;

        String model = AiEmbed.LOCAL_MODEL;
        IntFunction<float[]> queries = i -> normalized(gaussian(new Random(1000 + i), 0.35f,
                centres[new Random(2000 + i).nextInt(centres.length)]));
        UUID small = repositories.get(repositories.size() - 1);

        ResultsTable table = new ResultsTable("Search: latency at %,d chunks with pgvector".formatted(total))
                .note("pgvector %s, HNSW (m 16, ef_construction 64, cosine), %d dimensions; %d repositories of %s of the chunks"
                        .formatted(version, DIMENSIONS, REPOSITORY_SHARES.length, "60/25/10/4/1 %"))
                .note("%d timed queries per row after 30 warm-up ones; in-process through the app's CodeChunkStore and CodeSearch (JDBC, pool)"
                        .formatted(runs))
                .row("insert %,d chunks (no vector index)".formatted(total), num(insertSeconds, 1) + " s")
                .row("build the HNSW indexes (one per repository partition)", num(indexSeconds, 1) + " s");

        Latency vector10 = Latency.measure(runs, i -> store.vectorSearch(queries.apply(i), model, null, 10).size());
        table.row("vector search, limit 10: p50 / p95", vector10.summary(), "p95 < 20 ms", vector10.p95() < 20);
        Latency vector50 = Latency.measure(runs, i -> store.vectorSearch(queries.apply(i), model, null, 50).size());
        table.row("vector search, limit 50 (hybrid's candidates): p50 / p95", vector50.summary(), "p95 < 20 ms",
                vector50.p95() < 20);
        Latency filtered = Latency.measure(runs, i -> store.vectorSearch(queries.apply(i), model, small, 10).size());
        table.row("vector search in a 1 % repository, limit 10: p50 / p95", filtered.summary(), "p95 < 20 ms",
                filtered.p95() < 20);
        table.row("rows returned by that filtered search (min of all queries)", String.valueOf(filtered.minRows()),
                "10", filtered.minRows() == 10);
        Latency keyword = Latency.measure(runs, i -> store.keywordSearch(rare(i * 7919 % RARE), null, 50).size());
        table.row("keyword search (an identifier), limit 50: p50 / p95", keyword.summary());
        Latency common = Latency.measure(runs, i -> store.keywordSearch(common(i % WORDS.size()) + " "
                + common((i * 7 + 3) % WORDS.size()), null, 50).size());
        table.row("keyword search (two words in ~6 % of all chunks), limit 50: p50 / p95", common.summary());
        Latency hybrid = Latency.measure(runs, i -> search.hybrid("where do we " + common(i % WORDS.size()) + " the "
                + rare(i * 104729 % RARE), null, 10).size());
        table.row("hybrid search incl. embedding the question, limit 10: p50 / p95", hybrid.summary());
        table.row("recall@10 of the vector search against an exact scan (30 queries)",
                num(recall(queries, model, 30), 3));
        table.publish("search");
    }

    /** Words most chunks share (each in about a quarter of them). */
    private static String common(int index) {
        return WORDS.get(index);
    }

    /** Identifiers, each in a few hundred chunks, as names in code are. */
    private static String rare(int index) {
        return WORDS.get(index % WORDS.size()) + (index / WORDS.size());
    }

    private void insert(int total, List<UUID> repositories, float[][] centres, Random random) {
        jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH chunk AS (
                      INSERT INTO code_chunks (repository_id, path, start_line, end_line, language, commit_sha, content,
                                               content_hash)
                      VALUES (?, ?, ?, ?, 'java', 'bench', ?, ?) RETURNING id, repository_id)
                    INSERT INTO code_chunk_vectors (chunk_id, repository_id, bucket, model, embedding)
                    SELECT chunk.id, chunk.repository_id, coalesce(r.vector_bucket, 'shared'), ?, ?::real[]::vector
                    FROM chunk JOIN repositories r ON r.id = chunk.repository_id""")) {
                int repository = 0;
                double boundary = REPOSITORY_SHARES[0] * total;
                for (int i = 0; i < total; i++) {
                    while (i >= boundary && repository < repositories.size() - 1) {
                        repository++;
                        boundary += REPOSITORY_SHARES[repository] * total;
                    }
                    StringBuilder content = new StringBuilder();
                    for (int w = 0; w < 24; w++) {
                        content.append(w % 4 == 0 ? common(random.nextInt(WORDS.size())) : rare(random.nextInt(RARE)))
                                .append(w % 6 == 5 ? "\n" : " ");
                    }
                    ps.setObject(1, repositories.get(repository));
                    ps.setString(2, "src/file" + (i / 4) + ".java");
                    ps.setInt(3, (i % 4) * 10 + 1);
                    ps.setInt(4, (i % 4) * 10 + 12);
                    ps.setString(5, content.toString());
                    ps.setString(6, "bench-" + i);
                    ps.setString(7, AiEmbed.LOCAL_MODEL);
                    ps.setObject(8, normalized(gaussian(random, 0.35f, centres[random.nextInt(centres.length)])));
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Share of the exact 10 nearest (sequential scan) that the index search returns. */
    private double recall(IntFunction<float[]> queries, String model, int count) {
        int found = 0;
        for (int i = 0; i < count; i++) {
            float[] query = queries.apply(i);
            Set<Long> approximate = new HashSet<>(store.vectorSearch(query, model, null, 10).stream()
                    .map(ChunkHit::id).toList());
            List<Long> exact = tx.execute(status -> {
                jdbc.execute("SET LOCAL enable_indexscan = off");
                return jdbc.queryForList("""
                        SELECT chunk_id FROM code_chunk_vectors WHERE model = ?
                        ORDER BY embedding <=> ?::real[]::vector LIMIT 10""", Long.class, model, query);
            });
            found += (int) exact.stream().filter(approximate::contains).count();
        }
        return found / (count * 10.0);
    }

    private static float[] gaussian(Random random, float scale, float[] around) {
        float[] v = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = (float) random.nextGaussian() * scale / (float) Math.sqrt(DIMENSIONS)
                    + (around == null ? 0 : around[d]);
        }
        return v;
    }

    private static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < v.length; d++) {
            v[d] *= inverse;
        }
        return v;
    }

    /** Wall-clock latencies of one kind of query. */
    record Latency(double[] millis, int minRows) {

        static Latency measure(int runs, IntFunction<Integer> query) {
            for (int i = 0; i < 30; i++) {
                query.apply(runs + i);
            }
            double[] millis = new double[runs];
            int minRows = Integer.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                int rows = query.apply(i);
                millis[i] = (System.nanoTime() - started) / 1e6;
                minRows = Math.min(minRows, rows);
            }
            java.util.Arrays.sort(millis);
            return new Latency(millis, minRows);
        }

        double percentile(double p) {
            return millis[Math.max(0, (int) Math.ceil(p * millis.length) - 1)];
        }

        double p95() {
            return percentile(0.95);
        }

        String summary() {
            return num(percentile(0.50), 2) + " / " + num(p95(), 2) + " ms";
        }
    }
}
