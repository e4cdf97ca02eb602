package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.devagent.search.VectorPartitions;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * code_chunk_vectors becomes a table partitioned by repository (see {@link VectorPartitions}): one partition
 * per repository, each with its own HNSW index built in bulk over its stored vectors. The key becomes
 * (chunk_id, repository_id), since a partitioned table's key must hold the partition column. Pods of the
 * previous version write vectors with ON CONFLICT (chunk_id), which no longer matches a key: during a rolling
 * update their syncs fail visibly and are retried by the new pods, nothing stored is lost.
 */
public class V5__VectorPartitions extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V5__VectorPartitions.class);

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        String type = embeddingType(connection);
        boolean vector = type.startsWith("vector");
        try (Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE code_chunk_vectors RENAME TO code_chunk_vectors_v4");
            sql.execute("ALTER INDEX code_chunk_vectors_pkey RENAME TO code_chunk_vectors_v4_pkey");
            sql.execute("DROP INDEX IF EXISTS code_chunk_vectors_embedding_idx");
            sql.execute("""
                    CREATE TABLE code_chunk_vectors (
                      chunk_id      bigint NOT NULL REFERENCES code_chunks (id) ON DELETE CASCADE,
                      repository_id uuid   NOT NULL,
                      model         text   NOT NULL,
                      embedding     %s     NOT NULL,
                      PRIMARY KEY (chunk_id, repository_id)
                    ) PARTITION BY LIST (repository_id)""".formatted(type));
            List<UUID> repositories = new ArrayList<>();
            try (ResultSet rs = sql.executeQuery("""
                    SELECT id FROM repositories UNION SELECT DISTINCT repository_id FROM code_chunk_vectors_v4""")) {
                while (rs.next()) {
                    repositories.add(rs.getObject(1, UUID.class));
                }
            }
            for (UUID repository : repositories) {
                for (String ddl : VectorPartitions.create(repository)) {
                    sql.execute(ddl);
                }
            }
            int copied = sql.executeUpdate("""
                    INSERT INTO code_chunk_vectors (chunk_id, repository_id, model, embedding)
                    SELECT chunk_id, repository_id, model, embedding FROM code_chunk_vectors_v4""");
            if (vector) {
                for (UUID repository : repositories) {
                    sql.execute(VectorPartitions.createVectorIndex(repository));
                }
            }
            sql.execute("DROP TABLE code_chunk_vectors_v4");
            log.info("Code vectors partitioned by repository ({} partitions, {} vectors copied)",
                    repositories.size(), copied);
        }
    }

    private static String embeddingType(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("""
                     SELECT format_type(atttypid, atttypmod) FROM pg_attribute
                     WHERE attrelid = 'code_chunk_vectors'::regclass AND attname = 'embedding'""")) {
            if (!rs.next()) {
                throw new SQLException("code_chunk_vectors.embedding is missing: V4 must run first");
            }
            return rs.getString(1);
        }
    }
}
