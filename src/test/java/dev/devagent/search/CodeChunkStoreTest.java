package dev.devagent.search;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.devagent.search.CodeChunkStore.ChunkHit;
import dev.devagent.search.CodeChunkStore.NewChunk;
import dev.devagent.support.ApiTest;
import dev.devagent.support.TestEnvironment;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** One store class, both storage forms: pgvector (the app's database here) and the real[] exact-scan fallback. */
@ApiTest
class CodeChunkStoreTest {

    @Autowired
    CodeChunkStore pgvectorStore;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void bothStorageFormsStoreReuseAndRankTheSame() throws Exception {
        assertThat(pgvectorStore.usesPgvector()).as("CI runs on PostgreSQL with pgvector").isTrue();

        TestEnvironment.Server server = TestEnvironment.server();
        String database = "devagent_array_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try {
            DriverManagerDataSource dataSource = new DriverManagerDataSource(
                    "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database, server.user(),
                    server.password());
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                    .placeholders(Map.of("embedding_dimensions", "384", "embedding_store", "array")).load().migrate();
            JdbcTemplate arrayJdbc = new JdbcTemplate(dataSource);
            CodeChunkStore arrayStore = new CodeChunkStore(arrayJdbc,
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
            assertThat(arrayStore.usesPgvector()).isFalse();

            List<ChunkHit> fromVector = exercise(pgvectorStore, jdbc);
            List<ChunkHit> fromArray = exercise(arrayStore, arrayJdbc);
            assertThat(fromArray).extracting(ChunkHit::path).containsExactlyElementsOf(
                    fromVector.stream().map(ChunkHit::path).toList());
            for (int i = 0; i < fromArray.size(); i++) {
                assertThat(fromArray.get(i).score()).isCloseTo(fromVector.get(i).score(),
                        org.assertj.core.data.Offset.offset(1e-4));
            }
        } finally {
            try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void filteredAndWideVectorSearchesStillReturnTheLimit() {
        // Enough rows that PostgreSQL walks the HNSW index (it sorts small tables instead). An index scan
        // returns at most hnsw.ef_search rows (default 40) before the filters run; here every row near
        // the query belongs to the other repository, so without an iterative scan the answer would be empty.
        UUID near = UUID.randomUUID();
        UUID far = UUID.randomUUID();
        String model = "test-model-" + near;
        java.util.Random random = new java.util.Random(11);
        for (UUID repo : List.of(near, far)) {
            String name = "filter/" + repo.toString().substring(0, 8);
            jdbc.update("INSERT INTO repositories (id, url, owner, name, full_name, status) "
                    + "VALUES (?, ?, 'filter', ?, ?, 'indexed')", repo, "file:///" + name, name.substring(7), name);
            List<NewChunk> chunks = new java.util.ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                chunks.add(new NewChunk("f" + i + ".txt", 1, 1, "text", "c1", "chunk " + i, repo + "-" + i));
            }
            List<Long> pending = pgvectorStore.replaceFiles(repo, List.of(), chunks, model);
            List<float[]> vectors = new java.util.ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                float[] v = new float[384];
                for (int d = 0; d < v.length; d++) {
                    v[d] = random.nextFloat() * 0.1f;
                }
                v[repo.equals(near) ? 0 : 1] = 1;
                vectors.add(v);
            }
            pgvectorStore.setEmbeddings(pending, vectors, model);
        }
        try {
            jdbc.execute("ANALYZE code_chunks");
            float[] query = vector(1, 0);
            String plan = String.join("\n", jdbc.queryForList("""
                    EXPLAIN SELECT c.id FROM code_chunks c JOIN repositories r ON r.id = c.repository_id
                    WHERE c.model = ? AND c.embedding IS NOT NULL AND c.repository_id = ?
                    ORDER BY c.embedding <=> ?::real[]::vector LIMIT 10""", String.class, model, far, query));
            assertThat(plan).as("the search must go through the HNSW index for this test to mean anything")
                    .contains("code_chunks_embedding_idx");

            List<ChunkHit> farHits = pgvectorStore.vectorSearch(query, model, far, 10);
            assertThat(farHits).hasSize(10).allSatisfy(h -> assertThat(h.repository()).startsWith("filter/"
                    + far.toString().substring(0, 8)));
            List<ChunkHit> wide = pgvectorStore.vectorSearch(query, model, null, 50);
            assertThat(wide).as("more rows than the default hnsw.ef_search").hasSize(50);
            assertThat(wide).extracting(ChunkHit::score).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(wide).allSatisfy(h -> assertThat(h.repository()).startsWith("filter/"
                    + near.toString().substring(0, 8)));
        } finally {
            jdbc.update("DELETE FROM repositories WHERE id IN (?, ?)", near, far);
        }
    }

    /** Stores three chunks, embeds them, re-stores one unchanged (its vector is reused), then searches. */
    private static List<ChunkHit> exercise(CodeChunkStore store, JdbcTemplate jdbc) {
        UUID repo = UUID.randomUUID();
        String name = "store/" + repo.toString().substring(0, 8);
        jdbc.update("INSERT INTO repositories (id, url, owner, name, full_name, status) VALUES (?, ?, 'store', ?, ?, 'indexed')",
                repo, "file:///" + name, name.substring(6), name);
        String model = "test-model-" + repo;
        List<NewChunk> chunks = List.of(
                new NewChunk("a.txt", 1, 2, "text", "c1", "alpha", "hash-a-" + repo),
                new NewChunk("b.txt", 1, 2, "text", "c1", "beta", "hash-b-" + repo),
                new NewChunk("c.txt", 1, 2, "text", "c1", "gamma", "hash-c-" + repo));
        List<Long> pending = store.replaceFiles(repo, List.of(), chunks, model);
        assertThat(pending).hasSize(3);
        store.setEmbeddings(pending, List.of(vector(1, 0), vector(0.8f, 0.6f), vector(0, 1)), model);

        List<Long> again = store.replaceFiles(repo, List.of("a.txt"), List.of(chunks.get(0)), model);
        assertThat(again).as("unchanged content reuses its vector").isEmpty();
        assertThat(store.counts(repo)).containsEntry("chunks", 3L).containsEntry("embedded", 3L);

        assertThat(store.keywordSearch("beta", repo, 5)).extracting(ChunkHit::path).containsExactly("b.txt");
        List<ChunkHit> ranked = store.vectorSearch(vector(1, 0.1f), model, repo, 3);
        // leave the shared database as it was: other tests count what is indexed
        jdbc.update("DELETE FROM repositories WHERE id = ?", repo);
        return ranked;
    }

    private static float[] vector(float x, float y) {
        float[] v = new float[384];
        v[0] = x;
        v[1] = y;
        return v;
    }
}
