package dev.devagent.ops;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

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

    @Test
    void timesEveryStatementUnderItsLabelsWithTheOutcome() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        var beans = new StaticListableBeanFactory();
        beans.addBean("meters", meters);
        var listener = new DatabaseQueryMetrics.TimingListener(beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
        for (int i = 0; i < 3; i++) {
            listener.afterQuery(execution(true, 4), List.of(new QueryInfo("SELECT * FROM messages WHERE id = ?")));
        }
        listener.afterQuery(execution(false, 9), List.of(new QueryInfo("SELECT * FROM messages WHERE id = ?")));
        listener.afterQuery(execution(true, 2), List.of(new QueryInfo("insert into queries (id) values (?)")));

        var ok = meters.get("db.query.duration").tags("operation", "select", "table", "messages", "outcome", "success").timer();
        assertThat(ok.count()).isEqualTo(3);
        assertThat(ok.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(12);
        assertThat(meters.get("db.query.duration").tags("table", "messages", "outcome", "error").timer().count()).isEqualTo(1);
        assertThat(meters.get("db.query.duration").tags("operation", "insert", "table", "queries").timer().count()).isEqualTo(1);
    }

    private static ExecutionInfo execution(boolean success, long elapsedMs) {
        ExecutionInfo info = new ExecutionInfo();
        info.setSuccess(success);
        info.setElapsedTime(elapsedMs);
        return info;
    }
}
