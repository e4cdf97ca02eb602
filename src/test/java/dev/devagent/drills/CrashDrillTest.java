package dev.devagent.drills;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.devagent.support.ApiClient;
import dev.devagent.support.AppProcess;
import dev.devagent.support.FakeOpenAi;
import dev.devagent.support.FakeOpenAi.Reply;
import dev.devagent.support.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL of the app while it is answering: no shutdown hook, no cleanup. After a restart nothing may
 * stay `processing`: the dead instance's leases expire and the queries are resumed (or failed visibly),
 * and each is answered once.
 */
class CrashDrillTest {

    static final FakeOpenAi FAKE = new FakeOpenAi();
    static AppProcess app;

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        FAKE.close();
    }

    @Test
    void killedMidQueryTheAppLeavesNothingProcessingAfterRestart() throws Exception {
        PostgresCluster postgres = DrillServers.postgres();
        String database = postgres.createDatabase("drill_crash");
        // a production-like instance; only the lease is shorter than the default 30 s, to keep the drill short
        app = AppProcess.on(postgres, database, DrillServers.neo4j().boltUri(), Map.of(
                "OPENAI_API_KEY", "drill-key",
                "OPENAI_BASE_URL", FAKE.baseUrl(),
                "OPENAI_TIMEOUT", "90s",
                "AI_BREAKER_TIMEOUT_MS", "95000",
                "QUERY_LEASE_DURATION", "10s",
                "QUERY_RENEW_INTERVAL_MS", "3000"));
        // the model hangs: every query is mid-flight when the process dies
        FAKE.behave(request -> Reply.text("Too slow to ever arrive.", 10, 4).delayed(60_000));
        app.start();
        ApiClient user = Drills.signIn(app.client(), Drills.newName("crash"));
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queries.add(user.post("/api/chat/message", Map.of("message", "Where is retry logic? " + UUID.randomUUID()))
                    .text("queryId"));
        }
        assertThat(queries).doesNotContainNull();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                queries.stream().allMatch(id -> {
                    var view = user.get("/api/chat/query/" + id);
                    return "processing".equals(view.text("status")) && view.json().path("progress").asInt() >= 35;
                }) && FAKE.requests().size() >= queries.size());
        long killedPid = app.pid();

        app.kill();
        assertThat(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(processing(postgres, database)).as("the dead instance left its work behind").isEqualTo(3);

        FAKE.behave(request -> Reply.text("Answered after the crash.", 10, 4));
        app.start();
        assertThat(app.pid()).isNotEqualTo(killedPid);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> processing(postgres, database) == 0);
        for (String id : queries) {
            var view = user.get("/api/chat/query/" + id);
            assertThat(view.text("status")).as(view.toString()).isIn("completed", "failed");
            if ("completed".equals(view.text("status"))) {
                assertThat(view.json().path("result").path("answer").asText()).isEqualTo("Answered after the crash.");
            } else {
                assertThat(view.text("error")).isNotBlank();
            }
            assertThat(count(postgres, database, "SELECT count(*) FROM messages m JOIN queries q ON q.conversation_id = "
                    + "m.conversation_id WHERE q.id = ? AND m.role = 'assistant'", id)).as("answered once").isLessThanOrEqualTo(1);
        }
    }

    private static long processing(PostgresCluster postgres, String database) throws SQLException {
        return count(postgres, database, "SELECT count(*) FROM queries WHERE status = 'processing'");
    }

    static long count(PostgresCluster postgres, String database, String sql, Object... parameters)
            throws SQLException {
        try (Connection c = postgres.server().connect(database); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
