package dev.devagent.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.platform.AgentProperties;
import dev.devagent.push.PushPublisher;
import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The queries table as a durable work queue: crash recovery, exclusive claims, cancellation. */
@ApiTest
class QueryRecoveryTest extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ObjectMapper mapper;
    @Autowired
    PushPublisher activity;
    @Autowired
    AgentProperties properties;
    @Autowired
    CamelContext camel;

    @BeforeEach
    void pauseClaiming() throws Exception {
        camel.getRouteController().stopRoute("query-claim");
    }

    @AfterEach
    void resumeClaiming() throws Exception {
        camel.getRouteController().startRoute("query-claim");
    }

    @Test
    void queryLeftByACrashedWorkerIsResumedAndCompleted() throws Exception {
        ApiClient user = newUser();
        String queryId = ask(user, "Which repositories are indexed?", null).text("queryId");
        // a replica claimed it, then died: its lease has expired
        jdbc.update("UPDATE queries SET lease_owner = 'dead-replica', lease_expires_at = now() - interval '1 second', "
                + "attempts = 1, progress = 35 WHERE id = ?", queryId);

        camel.getRouteController().startRoute("query-claim");
        var done = awaitFinished(user, queryId);

        assertThat(done.text("status")).isEqualTo("completed");
        assertThat(jdbc.queryForObject("SELECT attempts FROM queries WHERE id = ?", Integer.class, queryId))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages m JOIN queries q "
                + "ON q.conversation_id = m.conversation_id WHERE q.id = ? AND m.role = 'assistant'",
                Integer.class, queryId)).isEqualTo(1);
    }

    @Test
    void queryInterruptedTooOftenIsFailedVisibly() throws Exception {
        ApiClient user = newUser();
        String queryId = ask(user, "Where is the retry logic?", null).text("queryId");
        jdbc.update("UPDATE queries SET lease_owner = 'dead-replica', lease_expires_at = now() - interval '1 second', "
                + "attempts = ? WHERE id = ?", properties.queries().maxAttempts(), queryId);

        camel.getRouteController().startRoute("query-claim");
        var done = awaitFinished(user, queryId);

        assertThat(done.text("status")).isEqualTo("failed");
        assertThat(done.text("error")).contains("interrupted");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM agent_activity WHERE query_id = ? AND type = 'error'",
                Integer.class, queryId)).isEqualTo(1);
    }

    @Test
    void twoWorkersNeverClaimTheSameQuery() throws Exception {
        ApiClient user = newUser();
        UUID userId = UUID.fromString(jdbc.queryForObject("SELECT id::text FROM users WHERE username = ?",
                String.class, user.username()));
        UUID conversation = UUID.randomUUID();
        jdbc.update("INSERT INTO conversations (id, user_id, title) VALUES (?, ?, 'load')", conversation, userId);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String id = QueryIds.next();
            expected.add(id);
            jdbc.update("INSERT INTO queries (id, conversation_id, user_id, query_text) VALUES (?, ?, ?, ?)",
                    id, conversation, userId, "question " + i);
        }
        QueryLeases a = leases("worker-a");
        QueryLeases b = leases("worker-b");

        List<String> claims = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> drains = List.of(drain(a, claims), drain(b, claims), drain(a, claims),
                    drain(b, claims));
            for (Future<Void> f : pool.invokeAll(drains)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claims).hasSize(expected.size()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claims)).isEqualTo(expected);

        // a worker that lost the lease cannot complete the query
        String id = claims.get(0);
        String holder = jdbc.queryForObject("SELECT lease_owner FROM queries WHERE id = ?", String.class, id);
        QueryLeases other = holder.startsWith("worker-a") ? b : a;
        ClaimedQuery stolen = new ClaimedQuery(id, conversation, userId, null, "x", 1, other.owner());
        assertThat(other.complete(stolen, new ChatModels.QueryResult("x", "offline", "m", false, List.of()),
                "orchestrator", Map.of())).isFalse();
        jdbc.update("DELETE FROM conversations WHERE id = ?", conversation);
    }

    @Test
    void aStepRecordsProgressAndEventOnlyWhileTheQueryIsHeld() throws Exception {
        ApiClient user = newUser();
        String queryId = ask(user, "Where do we read the lockfile?", null).text("queryId");
        QueryLeases worker = leases("worker-s");
        ClaimedQuery query = worker.claim(10).stream().filter(q -> q.id().equals(queryId)).findFirst().orElseThrow();
        String steps = "SELECT count(*) FROM agent_activity WHERE query_id = ? AND type = 'query:progress'";

        assertThat(worker.step(query, 40, "query:progress", Map.of("stage", "planned"))).isTrue();
        assertThat(jdbc.queryForObject("SELECT progress FROM queries WHERE id = ?", Integer.class, queryId)).isEqualTo(40);
        assertThat(jdbc.queryForObject(steps, Integer.class, queryId)).isEqualTo(1);

        // cancelled meanwhile: the step changes nothing and tells the worker to stop
        assertThat(user.post("/api/chat/query/" + queryId + "/cancel", "").status()).isEqualTo(200);
        assertThat(worker.step(query, 60, "query:progress", Map.of("stage", "retrieved"))).isFalse();
        assertThat(jdbc.queryForObject("SELECT progress FROM queries WHERE id = ?", Integer.class, queryId)).isEqualTo(40);
        assertThat(jdbc.queryForObject(steps, Integer.class, queryId)).isEqualTo(1);
        assertThat(worker.complete(query, new ChatModels.QueryResult("late", "offline", "m", false, List.of()),
                "orchestrator", Map.of())).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messages m JOIN queries q ON q.conversation_id = "
                + "m.conversation_id WHERE q.id = ? AND m.role = 'assistant'", Integer.class, queryId)).isZero();
        assertThat(worker.isHeld(queryId)).isFalse();
    }

    @Test
    void cancelledQueryIsNeverAnswered() throws Exception {
        ApiClient user = newUser();
        String queryId = ask(user, "Where do we parse pom.xml?", null).text("queryId");
        var cancelled = user.post("/api/chat/query/" + queryId + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("cancelled");
        assertThat(user.post("/api/chat/query/" + queryId + "/cancel", "").status()).isEqualTo(409);

        camel.getRouteController().startRoute("query-claim");
        // give the dispatcher a few polls: the row must stay cancelled
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() ->
                "cancelled".equals(user.get("/api/chat/query/" + queryId).text("status")));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM queries WHERE id = ? AND result IS NULL",
                Integer.class, queryId)).isEqualTo(1);
    }

    private QueryLeases leases(String owner) {
        return new QueryLeases(owner + "-" + UUID.randomUUID().toString().substring(0, 4), jdbc, tx, mapper, activity,
                properties.queries());
    }

    private static Callable<Void> drain(QueryLeases leases, List<String> claims) {
        return () -> {
            List<ClaimedQuery> batch;
            do {
                batch = leases.claim(3);
                batch.forEach(q -> claims.add(q.id()));
            } while (!batch.isEmpty());
            return null;
        };
    }
}
