package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.devagent.search.VectorPartitions;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * code_chunk_vectors becomes a table partitioned by bucket (see {@link VectorPartitions}): the shared
 * partition, with its HNSW index, holds every existing vector; large repositories get partitions of their
 * own on their next first index. repositories.vector_bucket names a repository's own partition (NULL:
 * shared). The key becomes (chunk_id, bucket), since a partitioned table's key must hold the partition
 * column. Pods of the previous version write vectors with ON CONFLICT (chunk_id), which no longer matches a
 * key: during a rolling update their syncs fail visibly and are retried by the new pods, nothing stored is
 * lost.
 */
public class V5__VectorPartitions extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V5__VectorPartitions.class);

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        String type = ColumnTypes.of(connection, "code_chunk_vectors", "embedding", "V4");
        try (Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE repositories ADD COLUMN vector_bucket text");
            sql.execute("ALTER TABLE code_chunk_vectors RENAME TO code_chunk_vectors_v4");
            sql.execute("ALTER INDEX code_chunk_vectors_pkey RENAME TO code_chunk_vectors_v4_pkey");
            sql.execute("DROP INDEX IF EXISTS code_chunk_vectors_embedding_idx");
            sql.execute("""
                    CREATE TABLE code_chunk_vectors (
                      chunk_id      bigint NOT NULL REFERENCES code_chunks (id) ON DELETE CASCADE,
                      repository_id uuid   NOT NULL,
                      bucket        text   NOT NULL,
                      model         text   NOT NULL,
                      embedding     %s     NOT NULL,
                      PRIMARY KEY (chunk_id, bucket)
                    ) PARTITION BY LIST (bucket)""".formatted(type));
            sql.execute("CREATE TABLE " + VectorPartitions.sharedTable() + " PARTITION OF code_chunk_vectors "
                    + "FOR VALUES IN ('" + VectorPartitions.SHARED + "')");
            sql.execute("CREATE INDEX code_chunk_vectors_repository_idx ON code_chunk_vectors (repository_id)");
            int copied = sql.executeUpdate("""
                    INSERT INTO code_chunk_vectors (chunk_id, repository_id, bucket, model, embedding)
                    SELECT chunk_id, repository_id, '%s', model, embedding FROM code_chunk_vectors_v4""".formatted(
                    VectorPartitions.SHARED));
            if (type.startsWith("vector")) {
                sql.execute("CREATE INDEX " + VectorPartitions.sharedVectorIndex() + " ON "
                        + VectorPartitions.sharedTable() + " USING hnsw (embedding vector_cosine_ops)");
            }
            sql.execute("DROP TABLE code_chunk_vectors_v4");
            log.info("Code vectors partitioned by bucket ({} vectors copied into the shared partition)", copied);
        }
    }
}
