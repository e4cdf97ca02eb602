package dev.devagent.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pgvector.PGvector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Code chunks and their embeddings. One class for both storage forms: pgvector ({@code vector(N)}, HNSW,
 * {@code <=>}) when the server has it, otherwise {@code real[]} with an exact cosine scan in SQL.
 * Chunks are stored first without vectors (keyword search works at once); vectors are filled in after, as
 * rows of code_chunk_vectors: an insert there never rewrites the chunk row or its full-text index entries.
 * That table is partitioned ({@link VectorPartitions}): a shared partition for most repositories, and one of
 * their own for large ones, whose HNSW index is built in one pass once their first vectors are stored
 * ({@link #dedicatePartition}, {@link #buildVectorIndex}); until then their rows are searched exactly.
 */
@Component
public class CodeChunkStore {

    private static final Logger log = LoggerFactory.getLogger(CodeChunkStore.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    // pgvector's defaults and upper bound for hnsw.ef_search
    static final int DEFAULT_EF_SEARCH = 40;
    static final int MAX_EF_SEARCH = 1000;

    private volatile Boolean pgvector;
    private volatile Boolean iterativeScan;
    private final String indexBuildMemory;

    public CodeChunkStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this(jdbc, tx, "256MB");
    }

    /** {@code indexBuildMemory}: maintenance_work_mem for a bulk index build (pgvector builds in memory). */
    @Autowired
    public CodeChunkStore(JdbcTemplate jdbc, TransactionTemplate tx,
                          @Value("${agent.repositories.index-build-memory:256MB}") String indexBuildMemory) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.indexBuildMemory = indexBuildMemory;
    }

    /**
     * Gives a repository a vector partition of its own before its first vectors are written (a large first
     * index), unless it has one or already has vectors in the shared partition (they stay there). True when
     * the repository's vectors go to a partition of its own. An advisory lock keeps two replicas from
     * attaching the same table at once.
     */
    public boolean dedicatePartition(UUID repositoryId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> { }, VectorPartitions.table(repositoryId));
            String bucket = bucketOf(repositoryId);
            if (!VectorPartitions.SHARED.equals(bucket)) {
                return true;
            }
            if (hasVectors(repositoryId)) {
                return false;
            }
            VectorPartitions.create(repositoryId).forEach(jdbc::execute);
            jdbc.update("UPDATE repositories SET vector_bucket = ? WHERE id = ?", repositoryId.toString(),
                    repositoryId);
            return true;
        }));
    }

    private boolean hasVectors(UUID repositoryId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM code_chunk_vectors WHERE repository_id = ?)", Boolean.class,
                repositoryId));
    }

    /** The partition bucket of a repository's vectors: its id when it has a partition of its own. */
    String bucketOf(UUID repositoryId) {
        List<String> found = jdbc.queryForList("SELECT vector_bucket FROM repositories WHERE id = ?", String.class,
                repositoryId);
        return found.isEmpty() || found.get(0) == null ? VectorPartitions.SHARED : found.get(0);
    }

    /**
     * Builds the HNSW index of a repository's partition over the vectors it holds, if it has none yet (the
     * first index of the repository is complete); later vectors go into the index one at a time. True when
     * an index was built. The fallback has no vector index, the shared partition keeps its own, and a
     * partition without vectors gets none yet.
     */
    public boolean buildVectorIndex(UUID repositoryId) {
        if (!usesPgvector() || VectorPartitions.SHARED.equals(bucketOf(repositoryId))) {
            return false;
        }
        String index = VectorPartitions.vectorIndex(repositoryId);
        Boolean exists = jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, index);
        // an empty repository waits for its first vectors: built now, the index would take them one at a time
        if (Boolean.TRUE.equals(exists) || !hasVectors(repositoryId)) {
            return false;
        }
        tx.executeWithoutResult(status -> {
            // pgvector builds the graph in memory when it fits, and much faster than on disk
            jdbc.queryForObject("SELECT set_config('maintenance_work_mem', ?, true)", String.class, indexBuildMemory);
            jdbc.execute(VectorPartitions.createVectorIndex(repositoryId));
        });
        return true;
    }

    /** True when embeddings are pgvector columns; false for the real[] fallback. */
    public boolean usesPgvector() {
        Boolean known = pgvector;
        if (known == null) {
            String type = jdbc.queryForObject("""
                    SELECT format_type(atttypid, atttypmod) FROM pg_attribute
                    WHERE attrelid = 'code_chunk_vectors'::regclass AND attname = 'embedding'""", String.class);
            known = type != null && type.startsWith("vector");
            pgvector = known;
        }
        return known;
    }

    /**
     * Replaces the chunks of the given files (deleted files: no new chunks) in one transaction, with one
     * batched INSERT; returns the ids of the chunks still without a vector (content not embedded before).
     */
    public List<Long> replaceFiles(UUID repositoryId, Collection<String> paths, List<NewChunk> chunks,
                                   String model) {
        return tx.execute(status -> {
            // look up reusable vectors before the old rows that hold them are deleted
            Map<String, float[]> reusable = embeddingsByHash(chunks.stream().map(NewChunk::contentHash).toList(),
                    model);
            if (!paths.isEmpty()) {
                jdbc.update("DELETE FROM code_chunks WHERE repository_id = ? AND path = ANY (?)", repositoryId,
                        paths.toArray(String[]::new));
            }
            if (chunks.isEmpty()) {
                return List.<Long>of();
            }
            List<Long> pending = new ArrayList<>();
            List<Long> reusedIds = new ArrayList<>();
            List<float[]> reusedVectors = new ArrayList<>();
            jdbc.execute((Connection c) -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO code_chunks (repository_id, path, start_line, end_line, language, commit_sha,
                                                 content, content_hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"})) {
                    for (NewChunk chunk : chunks) {
                        ps.setObject(1, repositoryId);
                        ps.setString(2, chunk.path());
                        ps.setInt(3, chunk.startLine());
                        ps.setInt(4, chunk.endLine());
                        ps.setString(5, chunk.language());
                        ps.setString(6, chunk.commitSha());
                        ps.setString(7, chunk.content());
                        ps.setString(8, chunk.contentHash());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    try (var keys = ps.getGeneratedKeys()) {
                        for (NewChunk chunk : chunks) {
                            keys.next();
                            float[] known = reusable.get(chunk.contentHash());
                            if (known == null) {
                                pending.add(keys.getLong(1));
                            } else {
                                reusedIds.add(keys.getLong(1));
                                reusedVectors.add(known);
                            }
                        }
                    }
                }
                return null;
            });
            insertVectors(reusedIds, reusedVectors, model);
            return pending;
        });
    }

    /** Embeddings already computed for these contents by this model: unchanged chunks are never re-embedded. */
    public Map<String, float[]> embeddingsByHash(Collection<String> hashes, String model) {
        Map<String, float[]> found = new HashMap<>();
        if (hashes.isEmpty()) {
            return found;
        }
        jdbc.query("""
                SELECT DISTINCT ON (c.content_hash) c.content_hash, v.embedding
                FROM code_chunks c JOIN code_chunk_vectors v ON v.chunk_id = c.id
                WHERE c.content_hash = ANY (?) AND v.model = ?""",
                rs -> {
                    found.put(rs.getString(1), readVector(rs.getObject(2)));
                }, hashes.toArray(String[]::new), model);
        return found;
    }

    /**
     * Chunks still waiting for a vector of this model (new, a crash mid-embedding, or a model switch), in id
     * order after {@code afterId}: callers page through them without re-reading what they already have.
     */
    public List<PendingChunk> pendingEmbeddings(UUID repositoryId, String model, long afterId, int limit) {
        return jdbc.query("""
                SELECT c.id, c.content FROM code_chunks c
                WHERE c.repository_id = ? AND c.id > ?
                  AND NOT EXISTS (SELECT 1 FROM code_chunk_vectors v
                                  WHERE v.bucket = ? AND v.chunk_id = c.id AND v.model = ?)
                ORDER BY c.id LIMIT ?""", (rs, i) -> new PendingChunk(rs.getLong(1), rs.getString(2)),
                repositoryId, afterId, bucketOf(repositoryId), model, limit);
    }

    public long countPending(UUID repositoryId, String model) {
        Long n = jdbc.queryForObject("""
                SELECT count(*) FROM code_chunks c
                WHERE c.repository_id = ?
                  AND NOT EXISTS (SELECT 1 FROM code_chunk_vectors v
                                  WHERE v.bucket = ? AND v.chunk_id = c.id AND v.model = ?)""",
                Long.class, repositoryId, bucketOf(repositoryId), model);
        return n == null ? 0 : n;
    }

    /**
     * Stores the vectors of these chunks (replacing one of another model). A chunk deleted meanwhile (its file
     * changed or went away) is skipped; if it goes between the lookup and the foreign-key check, the batch is
     * tried once more and then finds it gone.
     */
    public void setEmbeddings(List<Long> ids, List<float[]> vectors, String model) {
        try {
            insertVectors(ids, vectors, model);
        } catch (DataIntegrityViolationException chunkDeletedMeanwhile) {
            insertVectors(ids, vectors, model);
        }
    }

    private void insertVectors(List<Long> ids, List<float[]> vectors, String model) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.execute((Connection c) -> {
            // float[] goes over the wire as a binary float4[]: no text formatting and parsing of every number
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO code_chunk_vectors (chunk_id, repository_id, bucket, model, embedding)
                    SELECT c.id, c.repository_id, coalesce(r.vector_bucket, '%s'), ?, %s
                    FROM code_chunks c JOIN repositories r ON r.id = c.repository_id WHERE c.id = ?
                    ON CONFLICT (chunk_id, bucket) DO UPDATE SET model = excluded.model, embedding = excluded.embedding
                    """.formatted(VectorPartitions.SHARED, vectorParameter()))) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(1, model);
                    ps.setObject(2, vectors.get(i));
                    ps.setLong(3, ids.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * The chunks nearest to {@code query} (same model only), best first. With pgvector the HNSW scan is told
     * to look at no fewer candidates than asked for ({@code hnsw.ef_search}, default 40, caps the rows an
     * index scan returns) and, from pgvector 0.8 on, to keep scanning when filters (repository, model) drop
     * candidates ({@code hnsw.iterative_scan}), so a filtered search still returns {@code limit} rows.
     */
    public List<ChunkHit> vectorSearch(float[] query, String model, UUID repository, int limit) {
        if (!usesPgvector()) {
            return exactVectorSearch(query, model, repository, limit);
        }
        String filter = repository == null ? "" : " AND v.bucket = ? AND v.repository_id = ?";
        // the index scan filters on the vector rows alone; chunk and repository are joined to the few found.
        // relaxed_order may return the nearest rows slightly out of order: the outer query sorts them again
        String sql = """
                WITH nearest AS MATERIALIZED (
                  SELECT v.chunk_id, v.embedding <=> ? AS distance FROM code_chunk_vectors v
                  WHERE v.model = ?%s
                  ORDER BY distance LIMIT ?)
                SELECT c.id, r.full_name, c.path, c.start_line, c.end_line, c.commit_sha, c.language, c.content,
                       1 - n.distance AS score
                FROM nearest n JOIN code_chunks c ON c.id = n.chunk_id JOIN repositories r ON r.id = c.repository_id
                ORDER BY n.distance, c.id""".formatted(filter);
        return tx.execute(status -> {
            jdbc.queryForObject("SELECT set_config('hnsw.ef_search', ?, true)", String.class,
                    String.valueOf(Math.min(MAX_EF_SEARCH, Math.max(DEFAULT_EF_SEARCH, limit))));
            if (supportsIterativeScan()) {
                jdbc.queryForObject("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)", String.class);
            }
            return nearest(sql, query, model, repository, limit);
        });
    }

    /** The real[] fallback: an exact cosine scan. */
    private List<ChunkHit> exactVectorSearch(float[] query, String model, UUID repository, int limit) {
        String filter = repository == null ? "" : " AND v.bucket = ? AND v.repository_id = ?";
        String sql = """
                SELECT * FROM (
                  SELECT c.id, r.full_name, c.path, c.start_line, c.end_line, c.commit_sha, c.language, c.content,
                         cosine_similarity(v.embedding, ?) AS score
                  FROM code_chunk_vectors v JOIN code_chunks c ON c.id = v.chunk_id
                       JOIN repositories r ON r.id = c.repository_id
                  WHERE v.model = ?%s
                ) scored ORDER BY score DESC NULLS LAST, id LIMIT ?""".formatted(filter);
        return nearest(sql, query, model, repository, limit);
    }

    /** Runs a nearest-chunks query whose parameters are: vector, model, [bucket, repository,] limit. */
    private List<ChunkHit> nearest(String sql, float[] query, String model, UUID repository, int limit) {
        return jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                setVector(c, ps, i++, query);
                ps.setString(i++, model);
                if (repository != null) {
                    // the repository's bucket prunes the search to its partition
                    ps.setString(i++, bucketOf(repository));
                    ps.setObject(i++, repository);
                }
                ps.setInt(i, limit);
                return hits(ps);
            }
        });
    }

    private static List<ChunkHit> hits(PreparedStatement ps) throws SQLException {
        try (var rs = ps.executeQuery()) {
            List<ChunkHit> hits = new ArrayList<>();
            while (rs.next()) {
                hits.add(hit(rs));
            }
            return hits;
        }
    }

    /** pgvector 0.8 added iterative index scans; older versions would reject the setting. */
    boolean supportsIterativeScan() {
        Boolean known = iterativeScan;
        if (known == null) {
            String version = jdbc.queryForList("SELECT extversion FROM pg_extension WHERE extname = 'vector'",
                    String.class).stream().findFirst().orElse("0");
            known = usesPgvector() && atLeast(version, 0, 8);
            iterativeScan = known;
        }
        return known;
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.]");
        try {
            int actualMajor = Integer.parseInt(parts[0]);
            int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return actualMajor > major || actualMajor == major && actualMinor >= minor;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public List<ChunkHit> keywordSearch(String text, UUID repository, int limit) {
        String filter = repository == null ? "" : " AND c.repository_id = ?";
        Object[] args = repository == null ? new Object[] {text, text, limit}
                : new Object[] {text, text, repository, limit};
        return jdbc.query("""
                SELECT c.id, r.full_name, c.path, c.start_line, c.end_line, c.commit_sha, c.language, c.content,
                       ts_rank(c.search_text, q) AS score
                FROM code_chunks c JOIN repositories r ON r.id = c.repository_id,
                     websearch_to_tsquery('simple', ?) q
                WHERE c.search_text @@ q AND ? <> ''%s
                ORDER BY score DESC, c.id LIMIT ?""".formatted(filter), (rs, i) -> hit(rs), args);
    }

    public Map<String, Long> counts(UUID repositoryId) {
        return jdbc.queryForObject("""
                SELECT count(*) AS chunks, count(v.chunk_id) AS embedded, count(DISTINCT c.path) AS files
                FROM code_chunks c
                     LEFT JOIN code_chunk_vectors v ON v.bucket = ? AND v.chunk_id = c.id
                WHERE c.repository_id = ?""",
                (rs, i) -> Map.of("chunks", rs.getLong(1), "embedded", rs.getLong(2), "files", rs.getLong(3)),
                bucketOf(repositoryId), repositoryId);
    }

    /** Drops the chunks of every file not in the list (deleted or no longer indexable files). */
    public int retainOnly(UUID repositoryId, List<String> paths) {
        return jdbc.update("DELETE FROM code_chunks WHERE repository_id = ? AND NOT (path = ANY (?))", repositoryId,
                paths.toArray(String[]::new));
    }

    public void deleteRepository(UUID repositoryId) {
        jdbc.update("DELETE FROM code_chunks WHERE repository_id = ?", repositoryId);
    }

    /**
     * Drops a deleted repository's own vector partition, if it had one (its rows went with its chunks).
     * Dropping a partition briefly locks the whole table, so it waits at most two seconds for running
     * searches; an empty partition left behind costs nothing.
     */
    public void dropPartition(UUID repositoryId) {
        try {
            tx.executeWithoutResult(status -> {
                jdbc.queryForObject("SELECT set_config('lock_timeout', '2s', true)", String.class);
                jdbc.execute(VectorPartitions.drop(repositoryId));
            });
        } catch (DataAccessException busy) {
            log.warn("Vector partition of deleted repository {} left in place: {}", repositoryId,
                    busy.getMostSpecificCause().getMessage());
        }
    }

    private static ChunkHit hit(java.sql.ResultSet rs) throws SQLException {
        return new ChunkHit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getDouble(9));
    }

    /** The SQL for a vector parameter bound as {@code float[]}. */
    private String vectorParameter() {
        return usesPgvector() ? "?::real[]::vector" : "?::real[]";
    }

    private void setVector(Connection c, PreparedStatement ps, int index, float[] vector) throws SQLException {
        if (vector == null) {
            ps.setNull(index, java.sql.Types.OTHER);
        } else if (usesPgvector()) {
            ps.setObject(index, new PGvector(vector));
        } else {
            Float[] boxed = new Float[vector.length];
            for (int i = 0; i < vector.length; i++) {
                boxed[i] = vector[i];
            }
            ps.setArray(index, c.createArrayOf("real", boxed));
        }
    }

    private static float[] readVector(Object value) throws SQLException {
        if (value instanceof java.sql.Array array) {
            Object[] items = (Object[]) array.getArray();
            float[] vector = new float[items.length];
            for (int i = 0; i < items.length; i++) {
                vector[i] = ((Number) items[i]).floatValue();
            }
            return vector;
        }
        return new PGvector(value.toString()).toArray();
    }

    /** A chunk to store: where it is, what it says, and its content hash. */
    public record NewChunk(String path, int startLine, int endLine, String language, String commitSha,
                           String content, String contentHash) {
    }

    public record PendingChunk(long id, String content) {
    }

    public record ChunkHit(long id, String repository, String path, int startLine, int endLine, String commitSha,
                           String language, String content, double score) {
    }
}
