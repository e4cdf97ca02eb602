package dev.devagent.search;

import java.util.List;
import java.util.UUID;

/**
 * code_chunk_vectors is partitioned by repository, one partition each, so that a repository's vector index
 * can be built in bulk once its first index is complete: pgvector inserting vectors into an HNSW graph one at
 * a time costs about five times the CPU of building the graph over the stored vectors (bench/README.md), and
 * on a first index that CPU is taken from the embedding model. A repository-filtered search reads only its
 * partition. Identifiers and the partition bound are made from the repository's UUID (hex digits only);
 * DDL takes no bind parameters.
 */
public final class VectorPartitions {

    public static final String PARENT = "code_chunk_vectors";

    private VectorPartitions() {
    }

    /** The partition holding one repository's vectors. */
    public static String table(UUID repositoryId) {
        return "code_vectors_" + repositoryId.toString().replace("-", "");
    }

    /** Its HNSW index (pgvector only), built once the repository's first vectors are all stored. */
    public static String vectorIndex(UUID repositoryId) {
        return table(repositoryId) + "_hnsw";
    }

    /**
     * Creates the partition as a table of its own and attaches it: ATTACH takes a lock that lets searches and
     * other repositories' writes go on (CREATE TABLE … PARTITION OF would lock them out while it waits). The
     * parent's key and foreign key are copied onto it by the attach.
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
