package dev.devagent.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseQueryMetricsTest {

    @Test
    void namesTheOperationAndTheFirstSchemaTable() {
        assertThat(DatabaseQueryMetrics.classify("SELECT id FROM queries WHERE status = 'processing' FOR UPDATE SKIP LOCKED"))
                .isEqualTo(new DatabaseQueryMetrics.Statement("select", "queries"));
        assertThat(DatabaseQueryMetrics.classify("insert into messages (id, content) values (?, ?)"))
                .isEqualTo(new DatabaseQueryMetrics.Statement("insert", "messages"));
        assertThat(DatabaseQueryMetrics.classify("UPDATE code_chunks SET embedding = ? WHERE id = ?"))
                .isEqualTo(new DatabaseQueryMetrics.Statement("update", "code_chunks"));
        assertThat(DatabaseQueryMetrics.classify(
                "INSERT INTO code_chunk_vectors (chunk_id, embedding) SELECT id, ? FROM code_chunks WHERE id = ?"))
                .isEqualTo(new DatabaseQueryMetrics.Statement("insert", "code_chunk_vectors"));
        assertThat(DatabaseQueryMetrics.classify("WITH old AS (SELECT id FROM agent_activity) DELETE FROM agent_activity a USING old"))
                .isEqualTo(new DatabaseQueryMetrics.Statement("select", "agent_activity"));
    }

    @Test
    void keepsTheLabelsFewWhateverTheSql() {
        assertThat(DatabaseQueryMetrics.classify("SELECT 1")).isEqualTo(new DatabaseQueryMetrics.Statement("select", "other"));
        assertThat(DatabaseQueryMetrics.classify("select * from pg_extension")).isEqualTo(new DatabaseQueryMetrics.Statement("select", "other"));
        assertThat(DatabaseQueryMetrics.classify("LISTEN agent_events")).isEqualTo(new DatabaseQueryMetrics.Statement("other", "other"));
        assertThat(DatabaseQueryMetrics.classify("SELECT '; DROP TABLE users' FROM \"weird\" ")).extracting(DatabaseQueryMetrics.Statement::table)
                .isEqualTo("other");
    }
}
