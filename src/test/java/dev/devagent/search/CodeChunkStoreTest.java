package dev.devagent.search;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.devagent.search.CodeChunkStore.ChunkHit;
import dev.devagent.search.CodeChunkStore.NewChunk;
import dev.devagent.search.CodeChunkStore.PendingChunk;
import dev.devagent.support.ApiTest;
import dev.devagent.support.TestEnvironment;
import org.assertj.core.data.Offset;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
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

        try (ScratchDatabase array = ScratchDatabase.create("array")) {
            array.migrate(null);
            CodeChunkStore arrayStore = array.store();
            assertThat(arrayStore.usesPgvector()).isFalse();

            List<ChunkHit> fromVector = exercise(pgvectorStore, jdbc);
            List<ChunkHit> fromArray = exercise(arrayStore, array.jdbc());
            assertThat(fromArray).extracting(ChunkHit::path).containsExactlyElementsOf(
                    fromVector.stream().map(ChunkHit::path).toList());
            for (int i = 0; i < fromArray.size(); i++) {
                assertThat(fromArray.get(i).score()).isCloseTo(fromVector.get(i).score(), Offset.offset(1e-4));
            }
        }
    }

    @Test
    void vectorsLiveBesideTheChunkRowsAndGoWithTheirFilesInBothForms() throws Exception {
        try (ScratchDatabase array = ScratchDatabase.create("array")) {
            array.migrate(null);
            for (CodeChunkStore store : List.of(pgvectorStore, array.store())) {
                JdbcTemplate db = store == pgvectorStore ? jdbc : array.jdbc();
                UUID repo = repository(db, "vectors");
                String model = "test-model-" + repo;
                List<NewChunk> chunks = alphaBetaGamma(repo, "gone.txt");
                List<Long> pending = store.replaceFiles(repo, List.of(), chunks, model);
                assertThat(store.pendingEmbeddings(repo, model, 0, 10)).extracting(PendingChunk::id)
                        .containsExactlyElementsOf(pending);
                store.setEmbeddings(pending, List.of(vector(1, 0), vector(0, 1), vector(1, 1)), model);
                assertThat(store.pendingEmbeddings(repo, model, 0, 10)).isEmpty();
                assertThat(store.countPending(repo, model)).isZero();
                assertThat(vectorRows(db, repo)).isEqualTo(3);
                assertThat(store.dedicatePartition(repo)).as("vectors already shared stay in the shared partition")
                        .isFalse();
                assertThat(store.buildVectorIndex(repo)).as("the shared partition keeps its own index").isFalse();
                assertThat(db.queryForObject(
                        "SELECT count(*) FROM code_chunks WHERE repository_id = ? AND embedding IS NOT NULL",
                        Long.class, repo)).as("the chunk rows are never rewritten with a vector").isZero();

                // a deleted file (no new chunks) and a file no longer listed take their vectors with them
                store.replaceFiles(repo, List.of("gone.txt"), List.of(), model);
                store.retainOnly(repo, List.of("a.txt"));
                assertThat(store.counts(repo)).containsEntry("chunks", 1L).containsEntry("embedded", 1L);
                assertThat(vectorRows(db, repo)).isEqualTo(1);
                assertThat(store.vectorSearch(vector(0, 1), model, repo, 5)).extracting(ChunkHit::path)
                        .containsExactly("a.txt");

                // a vector for a chunk deleted meanwhile is skipped rather than failing the sync
                store.setEmbeddings(List.of(pending.get(1)), List.of(vector(0, 1)), model);
                assertThat(vectorRows(db, repo)).isEqualTo(1);

                // another model: the chunk is pending again, and its new vector replaces the old one
                String next = model + "-next";
                assertThat(store.pendingEmbeddings(repo, next, 0, 10)).extracting(PendingChunk::id)
                        .containsExactly(pending.get(0));
                store.setEmbeddings(List.of(pending.get(0)), List.of(vector(0, 1)), next);
                assertThat(store.pendingEmbeddings(repo, next, 0, 10)).isEmpty();
                assertThat(store.pendingEmbeddings(repo, model, 0, 10)).hasSize(1);
                assertThat(store.vectorSearch(vector(0, 1), next, repo, 5)).singleElement()
                        .satisfies(hit -> assertThat(hit.score()).isCloseTo(1.0, Offset.offset(1e-4)));

                db.update("DELETE FROM repositories WHERE id = ?", repo);
                assertThat(vectorRows(db, repo)).isZero();
            }
        }
    }

    @Test
    void theFallbackRanksVectorsWhoseComponentProductsUnderflowReal() throws Exception {
        try (ScratchDatabase array = ScratchDatabase.create("array")) {
            array.migrate(null);
            CodeChunkStore store = array.store();
            UUID repo = repository(array.jdbc(), "tiny");
            String model = "test-model-" + repo;
            List<Long> pending = store.replaceFiles(repo, List.of(), alphaBetaGamma(repo, "c.txt"), model);
            // real embeddings hold components near 0: 1e-25 × 1e-25 is below float4's range
            float[] tiny = vector(1, 0);
            tiny[2] = 1e-25f;
            store.setEmbeddings(pending, List.of(tiny, vector(0, 1), vector(1, 1)), model);
            assertThat(store.vectorSearch(tiny, model, repo, 3)).extracting(ChunkHit::path)
                    .startsWith("a.txt").hasSize(3);
        }
    }

    @Test
    void theMigrationMovesStoredVectorsOutOfTheChunkRowsInBothForms() throws Exception {
        for (String form : List.of("auto", "array")) {
            try (ScratchDatabase scratch = ScratchDatabase.create(form)) {
                scratch.migrate("3");
                JdbcTemplate db = scratch.jdbc();
                UUID repo = repository(db, "migrated");
                String cast = form.equals("auto") ? "?::real[]::vector" : "?::real[]";
                db.update("""
                        INSERT INTO code_chunks (repository_id, path, start_line, end_line, language, commit_sha, content,
                                                 content_hash, model, embedding)
                        VALUES (?, 'a.txt', 1, 1, 'text', 'c1', 'alpha', 'hash-a', 'm', %s),
                               (?, 'b.txt', 1, 1, 'text', 'c1', 'beta', 'hash-b', NULL, NULL)""".formatted(cast),
                        repo, vector(1, 0), repo);
                scratch.migrate(null);
                CodeChunkStore store = scratch.store();
                assertThat(store.usesPgvector()).isEqualTo(form.equals("auto"));
                assertThat(store.counts(repo)).containsEntry("chunks", 2L).containsEntry("embedded", 1L);
                assertThat(store.pendingEmbeddings(repo, "m", 0, 10)).extracting(PendingChunk::content)
                        .containsExactly("beta");
                assertThat(store.vectorSearch(vector(1, 0), "m", repo, 5)).singleElement()
                        .satisfies(hit -> assertThat(hit.path()).isEqualTo("a.txt"));
                assertThat(store.embeddingsByHash(List.of("hash-a", "hash-b"), "m")).containsOnlyKeys("hash-a");
                assertThat(db.queryForObject("SELECT count(*) FROM " + VectorPartitions.sharedTable(), Long.class))
                        .as("stored vectors move to the shared partition").isEqualTo(1);
                assertThat(db.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
                        VectorPartitions.sharedVectorIndex())).as("an HNSW index with pgvector only")
                        .isEqualTo(form.equals("auto"));
            }
        }
    }

    @Test
    void filteredAndWideVectorSearchesStillReturnTheLimit() {
        // Enough rows that PostgreSQL walks the HNSW indexes (it sorts small tables instead). An index scan
        // returns at most hnsw.ef_search rows (default 40): the wide search asks for more than that.
        UUID near = UUID.randomUUID();
        UUID far = UUID.randomUUID();
        String model = "test-model-" + near;
        java.util.Random random = new java.util.Random(11);
        for (UUID repo : List.of(near, far)) {
            String name = "filter/" + repo.toString().substring(0, 8);
            jdbc.update("INSERT INTO repositories (id, url, owner, name, full_name, status) "
                    + "VALUES (?, ?, 'filter', ?, ?, 'indexed')", repo, "file:///" + name, name.substring(7), name);
            // as for a large first index: a partition of its own, indexed once its vectors are stored
            assertThat(pgvectorStore.dedicatePartition(repo)).isTrue();
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
            assertThat(pgvectorStore.buildVectorIndex(repo)).as("built once, after the first vectors").isTrue();
            assertThat(pgvectorStore.buildVectorIndex(repo)).isFalse();
        }
        try {
            float[] query = vector(1, 0);
            for (UUID repo : List.of(near, far)) {
                jdbc.execute("ANALYZE " + VectorPartitions.table(repo));
            }
            String plan = String.join("\n", jdbc.queryForList("""
                    EXPLAIN SELECT v.chunk_id FROM code_chunk_vectors v
                    WHERE v.model = ?
                    ORDER BY v.embedding <=> ?::real[]::vector LIMIT 10""", String.class, model, query));
            assertThat(plan).as("a search across repositories merges their partitions' HNSW index scans")
                    .contains("Merge Append").contains(VectorPartitions.vectorIndex(near))
                    .contains(VectorPartitions.vectorIndex(far));
            String filtered = String.join("\n", jdbc.queryForList("""
                    EXPLAIN SELECT v.chunk_id FROM code_chunk_vectors v
                    WHERE v.model = ? AND v.bucket = ? AND v.repository_id = ?
                    ORDER BY v.embedding <=> ?::real[]::vector LIMIT 10""", String.class, model, far.toString(), far,
                    query));
            // (at 1,500 rows the planner may sort the partition rather than walk its graph: both are exact enough)
            assertThat(filtered).as("a repository's search reads its own partition only")
                    .contains(VectorPartitions.table(far)).doesNotContain(VectorPartitions.table(near));

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
            pgvectorStore.dropPartition(near);
            pgvectorStore.dropPartition(far);
            assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class,
                    VectorPartitions.table(near))).as("a deleted repository's partition is dropped").isTrue();
        }
    }

    /** Stores three chunks, embeds them, re-stores one unchanged (its vector is reused), then searches. */
    private static List<ChunkHit> exercise(CodeChunkStore store, JdbcTemplate jdbc) {
        UUID repo = repository(jdbc, "store");
        String model = "test-model-" + repo;
        List<NewChunk> chunks = alphaBetaGamma(repo, "c.txt");
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

    /** Three one-chunk files: a.txt "alpha", b.txt "beta" and {@code third} "gamma", hashed per repository. */
    private static List<NewChunk> alphaBetaGamma(UUID repo, String third) {
        return List.of(
                new NewChunk("a.txt", 1, 2, "text", "c1", "alpha", "hash-a-" + repo),
                new NewChunk("b.txt", 1, 2, "text", "c1", "beta", "hash-b-" + repo),
                new NewChunk(third, 1, 2, "text", "c1", "gamma", "hash-" + third + "-" + repo));
    }

    private static UUID repository(JdbcTemplate jdbc, String owner) {
        UUID repo = UUID.randomUUID();
        String name = owner + "/" + repo.toString().substring(0, 8);
        jdbc.update("INSERT INTO repositories (id, url, owner, name, full_name, status) VALUES (?, ?, ?, ?, ?, 'indexed')",
                repo, "file:///" + name, owner, name.substring(owner.length() + 1), name);
        return repo;
    }

    private static long vectorRows(JdbcTemplate jdbc, UUID repo) {
        return jdbc.queryForObject("SELECT count(*) FROM code_chunk_vectors WHERE repository_id = ?", Long.class, repo);
    }

    /** A throw-away database on the test server, migrated with EMBEDDING_STORE=auto or array. */
    record ScratchDatabase(TestEnvironment.Server server, String name, String form, DriverManagerDataSource dataSource)
            implements AutoCloseable {

        static ScratchDatabase create(String form) throws Exception {
            TestEnvironment.Server server = TestEnvironment.server();
            String name = "devagent_" + form + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return new ScratchDatabase(server, name, form, new DriverManagerDataSource(
                    "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + name, server.user(),
                    server.password()));
        }

        /** Migrates up to {@code target} (null: the latest version). */
        void migrate(String target) {
            FluentConfiguration flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                    .placeholders(Map.of("embedding_dimensions", "384", "embedding_store", form));
            (target == null ? flyway : flyway.target(target)).load().migrate();
        }

        JdbcTemplate jdbc() {
            return new JdbcTemplate(dataSource);
        }

        CodeChunkStore store() {
            return new CodeChunkStore(jdbc(), new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        }

        @Override
        public void close() throws Exception {
            try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    private static float[] vector(float x, float y) {
        float[] v = new float[384];
        v[0] = x;
        v[1] = y;
        return v;
    }
}
