package dev.devagent.drills;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devagent.support.ApiClient;
import dev.devagent.support.AppProcess;
import dev.devagent.support.Neo4jProcess;
import dev.devagent.support.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault drills against the app in its own JVM on the drills' own PostgreSQL and Neo4j: the database
 * stopped for 20 s under chat load, and Neo4j gone. The app must say so (health, readiness, 503s),
 * keep what it accepted, and recover by itself.
 */
class OutageDrillTest {

    static final Duration OUTAGE = Duration.ofSeconds(20);

    static PostgresCluster postgres;
    static Neo4jProcess neo4j;
    static AppProcess app;

    @BeforeAll
    static void startApp() throws Exception {
        postgres = DrillServers.postgres();
        neo4j = DrillServers.neo4j();
        app = AppProcess.on(postgres, postgres.createDatabase("drill_outage"), neo4j.boltUri(), Map.of(
                "QUERY_POLL_INTERVAL_MS", "200",
                "QUERY_LEASE_DURATION", "5s",
                "QUERY_RENEW_INTERVAL_MS", "1000",
                "AI_RATE_LIMIT_MAX_REQUESTS", "10000",
                "RATE_LIMIT_MAX_REQUESTS", "100000")).start();
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    /** One simulated user sending questions one after another until told to stop. */
    record Sent(long atMillis, int status, ApiClient.Response response) {
    }

    private static void chatLoad(ApiClient user, AtomicBoolean running, List<Sent> sent) {
        int i = 0;
        while (running.get()) {
            var response = user.post("/api/chat/message", Map.of("message", "Which services depend on express? #" + i++));
            sent.add(new Sent(System.currentTimeMillis(), response.status(), response));
            if (response.status() == 202) {
                // pace a healthy client a little; failures already took their time
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
        }
    }

    @Test
    void databaseStoppedUnderChatLoadGives503sThenRecoversAndAnswersEveryAcceptedMessage() throws Exception {
        List<ApiClient> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add(Drills.signIn(app.client(), Drills.newName("load")));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        List<List<Sent>> sent = new ArrayList<>();
        List<Future<?>> loads = new ArrayList<>();
        for (ApiClient user : users) {
            List<Sent> mine = Collections.synchronizedList(new ArrayList<>());
            sent.add(mine);
            loads.add(pool.submit(() -> chatLoad(user, running, mine)));
        }
        List<JsonNode> healthDuringOutage = Collections.synchronizedList(new ArrayList<>());
        List<Integer> readinessDuringOutage = new ArrayList<>();
        long outageStart;
        long outageEnd;
        try {
            // some accepted work is in flight when the database goes away
            await().atMost(Duration.ofSeconds(20)).until(() -> app.client().get("/health").status() == 200);
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);

            postgres.stopServer();
            outageStart = System.currentTimeMillis();
            ApiClient probe = app.client();
            while (System.currentTimeMillis() - outageStart < OUTAGE.toMillis()) {
                var health = probe.get("/health");
                assertThat(health.status()).as(health.toString()).isEqualTo(503);
                healthDuringOutage.add(health.json());
                readinessDuringOutage.add(app.status("/readyz"));
            }
            postgres.startServer();
            outageEnd = System.currentTimeMillis();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    probe.get("/health").status() == 200 && app.status("/readyz") == 200);
            // every user's messages are accepted again
            long recovered = outageEnd;
            await().atMost(Duration.ofSeconds(30)).until(() -> sent.stream().allMatch(mine -> List.copyOf(mine).stream()
                    .anyMatch(s -> s.status() == 202 && s.atMillis() > recovered)));
        } finally {
            running.set(false);
            pool.shutdown();
        }
        for (Future<?> load : loads) {
            load.get();
        }
        List<Sent> all = sent.stream().flatMap(List::stream).toList();

        assertThat(healthDuringOutage).isNotEmpty().allSatisfy(h -> {
            assertThat(h.path("status").asText()).isEqualTo("unhealthy");
            assertThat(h.path("checks").path("database").path("status").asText()).isEqualTo("down");
        });
        assertThat(readinessDuringOutage).isNotEmpty().allSatisfy(s -> assertThat(s).isEqualTo(503));

        // every answer is a 202 or a clear 503 {error, details}: never a 500 stack
        assertThat(all).allSatisfy(s -> assertThat(s.status()).as(s.response().toString()).isIn(202, 503));
        List<Sent> refused = all.stream().filter(s -> s.status() == 503).toList();
        assertThat(refused).as("the outage was noticed by the clients").isNotEmpty();
        refused.forEach(s -> {
            Drills.assertCleanError(s.response());
            assertThat(s.response().header("Retry-After")).isNotNull();
        });
        assertThat(all).as("accepted before the outage").anyMatch(s -> s.status() == 202 && s.atMillis() < outageStart);
        assertThat(all).as("accepted after recovery").anyMatch(s -> s.status() == 202 && s.atMillis() > outageEnd);

        // nothing accepted is lost: every 202 ends answered or visibly failed
        for (int u = 0; u < users.size(); u++) {
            ApiClient user = users.get(u);
            for (Sent s : sent.get(u)) {
                if (s.status() != 202) {
                    continue;
                }
                var done = Drills.awaitFinished(user, s.response().text("queryId"), Duration.ofSeconds(90));
                assertThat(done.text("status")).as(done.toString()).isIn("completed", "failed");
                if ("failed".equals(done.text("status"))) {
                    assertThat(done.text("error")).isNotBlank();
                } else {
                    assertThat(done.json().path("result").path("answer").asText()).isNotBlank();
                }
            }
        }
    }

    @Test
    void neo4jGoneDegradesGraphAnswersWithANoteAndRecoversByItself() {
        ApiClient user = Drills.signIn(app.client(), Drills.newName("graph"));
        neo4j.kill();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                var health = user.get("/health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.text("status")).isEqualTo("degraded");
                assertThat(health.json().path("checks").path("neo4j").path("status").asText()).isEqualTo("down");
            });
            var accepted = user.post("/api/chat/message", Map.of("message", "Which services depend on express?"));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            var done = Drills.awaitFinished(user, accepted.text("queryId"), Duration.ofSeconds(60));
            assertThat(done.text("status")).as(done.toString()).isEqualTo("completed");
            assertThat(done.json().path("result").path("answer").asText()).contains("unavailable right now");
            // the graph API says so too, as a clean 503
            var graph = user.get("/api/graph/dependents?package=express");
            assertThat(graph.status()).as(graph.toString()).isEqualTo(503);
            Drills.assertCleanError(graph);
        } finally {
            neo4j.start();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var health = user.get("/health");
            assertThat(health.text("status")).isEqualTo("healthy");
            assertThat(health.json().path("checks").path("neo4j").path("status").asText()).isEqualTo("up");
        });
        var accepted = user.post("/api/chat/message", Map.of("message", "Which services depend on express?"));
        var done = Drills.awaitFinished(user, accepted.text("queryId"), Duration.ofSeconds(60));
        assertThat(done.json().path("result").path("answer").asText()).doesNotContain("unavailable right now");
        assertThat(user.get("/api/graph/dependents?package=express").status()).isEqualTo(200);
    }
}
