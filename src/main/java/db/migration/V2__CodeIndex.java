package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code index. With pgvector on the server, embeddings are {@code vector(N)} behind an HNSW index;
 * without it (embedded PostgreSQL on a laptop) they are {@code real[]} searched by an exact cosine scan.
 * N is EMBEDDING_DIMENSIONS (default 384, the offline model's).
 */
public class V2__CodeIndex extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V2__CodeIndex.class);

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        int dimensions = Integer.parseInt(context.getConfiguration().getPlaceholders()
                .getOrDefault("embedding_dimensions", "384"));
        // EMBEDDING_STORE=array forces the real[] fallback even where pgvector exists
        boolean forceArray = "array".equalsIgnoreCase(context.getConfiguration().getPlaceholders()
                .getOrDefault("embedding_store", "auto"));
        boolean vector = !forceArray && enableVector(connection);
        try (Statement sql = connection.createStatement()) {
            sql.execute("""
                    ALTER TABLE repositories
                      ADD COLUMN counts jsonb NOT NULL DEFAULT '{}'::jsonb,
                      ADD COLUMN manifest_errors jsonb NOT NULL DEFAULT '[]'::jsonb,
                      ADD COLUMN sync_requested_at timestamptz,
                      ADD COLUMN sync_lease_owner text,
                      ADD COLUMN sync_lease_expires_at timestamptz,
                      ADD COLUMN sync_attempts integer NOT NULL DEFAULT 0,
                      ADD COLUMN progress jsonb""");
            sql.execute("CREATE INDEX repositories_sync_idx ON repositories (sync_requested_at) "
                    + "WHERE sync_requested_at IS NOT NULL");
            sql.execute("""
                    CREATE TABLE code_chunks (
                      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      repository_id uuid    NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
                      path          text    NOT NULL,
                      start_line    integer NOT NULL,
                      end_line      integer NOT NULL,
                      language      text    NOT NULL,
                      commit_sha    text    NOT NULL,
                      content       text    NOT NULL,
                      content_hash  text    NOT NULL,
                      model         text,
                      embedding     %s,
                      search_text   tsvector GENERATED ALWAYS AS (to_tsvector('simple', path || ' ' || content)) STORED,
                      created_at    timestamptz NOT NULL DEFAULT now()
                    )""".formatted(vector ? "vector(" + dimensions + ")" : "real[]"));
            sql.execute("CREATE INDEX code_chunks_file_idx ON code_chunks (repository_id, path)");
            sql.execute("CREATE INDEX code_chunks_hash_idx ON code_chunks (content_hash, model)");
            sql.execute("CREATE INDEX code_chunks_text_idx ON code_chunks USING gin (search_text)");
            if (vector) {
                sql.execute("CREATE INDEX code_chunks_embedding_idx ON code_chunks "
                        + "USING hnsw (embedding vector_cosine_ops)");
            } else {
                // exact cosine similarity for the real[] fallback
                sql.execute("""
                        CREATE FUNCTION cosine_similarity(a real[], b real[]) RETURNS double precision
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                          SELECT sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0)
                          FROM unnest(a, b) AS t(x, y)
                        $$""");
            }
        }
        log.info("Code index created with {} embeddings of {} dimensions", vector ? "pgvector" : "real[]", dimensions);
    }

    private static boolean enableVector(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            try (ResultSet rs = sql.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'vector'")) {
                if (rs.next()) {
                    return true;
                }
            }
            try (ResultSet rs = sql.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")) {
                if (!rs.next()) {
                    return false;
                }
            }
            sql.execute("SAVEPOINT enable_vector");
            try {
                sql.execute("CREATE EXTENSION IF NOT EXISTS vector");
                return true;
            } catch (SQLException noPrivilege) {
                // the extension exists but this role may not create it: fall back rather than fail the start
                sql.execute("ROLLBACK TO SAVEPOINT enable_vector");
                log.warn("pgvector is available but could not be enabled ({}); using real[] embeddings",
                        noPrivilege.getMessage());
                return false;
            }
        }
    }
}
