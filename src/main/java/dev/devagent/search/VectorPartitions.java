package dev.devagent.search;

import java.util.List;
import java.util.UUID;

/**
 * code_chunk_vectors is partitioned by {@code bucket}. Most repositories share the {@value #SHARED} partition,
 * whose HNSW index takes each new vector as it comes. A repository whose first index is large gets a
 * partition of its own, filled without a vector index and indexed in one pass when that first index is
 * complete: pgvector inserting vectors into an HNSW graph one at a time costs about five times the CPU of
 * building the graph over the stored vectors (bench/README.md), and on a first index that CPU is taken from
 * the embedding model. Dedicated partitions are kept to large repositories because a search across the
 * fleet scans every partition's index (200 partitions: ~100 ms against ~8 ms for one index). A search
 * filtered to a dedicated repository reads its partition only. Identifiers and bounds come from the
 * repository's UUID (hex digits only); DDL takes no bind parameters.
 */
public final class VectorPartitions {

    public static final String PARENT = "code_chunk_vectors";
    public static final String SHARED = "shared";

    private VectorPartitions() {
    }

    /** The partition of a repository that has one of its own. */
    public static String table(UUID repositoryId) {
        return "code_vectors_" + repositoryId.toString().replace("-", "");
    }

    /** Its HNSW index (pgvector only), built once the repository's first vectors are all stored. */
    public static String vectorIndex(UUID repositoryId) {
        return table(repositoryId) + "_hnsw";
    }

    /** The shared partition and its incrementally maintained index. */
    public static String sharedTable() {
        return "code_vectors_shared";
    }

    public static String sharedVectorIndex() {
        return "code_vectors_shared_hnsw";
    }

    /**
     * Creates a repository's own partition as a table and attaches it: ATTACH takes a lock that lets
     * searches and other repositories' writes go on. The parent's key and foreign key are copied onto it.
     */
    public static List<String> create(UUID repositoryId) {
        String table = table(repositoryId);
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " (LIKE " + PARENT + " INCLUDING DEFAULTS)",
                "ALTER TABLE " + PARENT + " ATTACH PARTITION " + table + " FOR VALUES IN ('" + repositoryId + "')");
    }

    /** Builds the partition's HNSW index over the vectors it holds (cosine distance, as the searches use). */
    public static String createVectorIndex(UUID repositoryId) {
        return "CREATE INDEX IF NOT EXISTS " + vectorIndex(repositoryId) + " ON " + table(repositoryId)
                + " USING hnsw (embedding vector_cosine_ops)";
    }

    public static String drop(UUID repositoryId) {
        return "DROP TABLE IF EXISTS " + table(repositoryId);
    }
}
