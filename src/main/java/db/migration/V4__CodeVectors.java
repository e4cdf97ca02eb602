package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vectors move out of code_chunks into their own table keyed by chunk id. A vector written into the chunk
 * row was an UPDATE that could never be HOT, so each one also re-inserted the row into the full-text GIN
 * index and every B-tree and left a dead row behind; an insert here touches only this table's key and
 * its vector index. The column type follows V2's choice (vector(N) behind HNSW, or the real[] fallback).
 * Expand only: code_chunks.embedding and code_chunks.model stay for pods of the previous version during a
 * rolling update (a later migration drops them).
 */
public class V4__CodeVectors extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V4__CodeVectors.class);

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        String type = ColumnTypes.of(connection, "code_chunks", "embedding", "V2");
        boolean vector = type.startsWith("vector");
        try (Statement sql = connection.createStatement()) {
            // repository_id is copied from the chunk so a repository-filtered search filters this table alone
            sql.execute("""
                    CREATE TABLE code_chunk_vectors (
                      chunk_id      bigint PRIMARY KEY REFERENCES code_chunks (id) ON DELETE CASCADE,
                      repository_id uuid   NOT NULL,
                      model         text   NOT NULL,
                      embedding     %s     NOT NULL
                    )""".formatted(type));
            int copied = sql.executeUpdate("""
                    INSERT INTO code_chunk_vectors (chunk_id, repository_id, model, embedding)
                    SELECT id, repository_id, model, embedding FROM code_chunks
                    WHERE embedding IS NOT NULL AND model IS NOT NULL""");
            if (vector) {
                sql.execute("CREATE INDEX code_chunk_vectors_embedding_idx ON code_chunk_vectors "
                        + "USING hnsw (embedding vector_cosine_ops)");
            }
            log.info("Code vectors in their own table ({}), {} copied from code_chunks", type, copied);
        }
    }
}
