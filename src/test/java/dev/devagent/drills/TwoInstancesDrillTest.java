package dev.devagent.drills;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devagent.support.ApiClient;
import dev.devagent.support.AppProcess;
import dev.devagent.support.PostgresCluster;
import dev.devagent.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the app on one database behave like one: every query is processed by exactly one
 * of them, a WebSocket client of instance A gets the events of work instance B did, and the AI quota
 * and the API rate limit count requests to both.
 */
class TwoInstancesDrillTest {

    static final int API_LIMIT = 60;
    static final int AI_QUOTA = 6;
    static final Pattern PROCESSING = Pattern.compile("Processing query (query-[0-9]+-[0-9a-z]+)");

    static AppProcess a;
    static AppProcess b;

    @AfterAll
    static void stop() {
        for (AppProcess app : new AppProcess[] {a, b}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void twoInstancesShareWorkEventsQuotasAndRateLimits() throws Exception {
        PostgresCluster postgres = DrillServers.postgres();
        String database = postgres.createDatabase("drill_pair");
        Map<String, String> settings = Map.of(
                "QUERY_POLL_INTERVAL_MS", "100",
                "RATE_LIMIT_MAX_REQUESTS", String.valueOf(API_LIMIT),
                "AI_RATE_LIMIT_MAX_REQUESTS", String.valueOf(AI_QUOTA));
        String neo4j = DrillServers.neo4j().boltUri();
        a = AppProcess.on(postgres, database, neo4j, settings).start();
        b = AppProcess.on(postgres, database, neo4j, settings).start();

        Map<String, ApiClient> viaA = new HashMap<>();
        Map<String, WsClient> sockets = new HashMap<>();
        Map<String, Set<String>> queriesByConversation = new HashMap<>();
        try {
            for (int u = 0; u < 4; u++) {
                ApiClient onA = Drills.signIn(a.client(), Drills.newName("pair"));
                // the token of instance A is good on B: same secret, shared revocations
                ApiClient onB = b.client().token(onA.token());
                String conversation = onB.post("/api/chat/conversations", Map.of("title", "pair")).text("conversationId");
                WsClient ws = WsClient.connect(a.wsPort(), null);
                ws.send(Map.of("type", "join", "conversationId", conversation, "token", onA.token()));
                assertThat(ws.next(Duration.ofSeconds(10)).path("type").asText()).isEqualTo("joined");
                sockets.put(conversation, ws);
                viaA.put(conversation, onA);

                Set<String> ids = new HashSet<>();
                for (int i = 0; i < AI_QUOTA; i++) {
                    ApiClient via = i % 2 == 0 ? onA : onB;
                    var accepted = via.post("/api/chat/message", Map.of("conversationId", conversation,
                            "message", "Which repositories are indexed? " + UUID.randomUUID()));
                    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
                    ids.add(accepted.text("queryId"));
                }
                queriesByConversation.put(conversation, ids);
                // the quota counted the messages sent to both instances
                for (ApiClient via : List.of(onA, onB)) {
                    var over = via.post("/api/chat/message", Map.of("conversationId", conversation, "message", "one more"));
                    assertThat(over.status()).as(over.toString()).isEqualTo(429);
                    assertThat(over.header("Retry-After")).isNotNull();
                    assertThat(over.header("RateLimit-Limit")).isEqualTo(String.valueOf(AI_QUOTA));
                }
            }

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() ->
                    CrashDrillTest.count(postgres, database, "SELECT count(*) FROM queries WHERE status = 'processing'") == 0);

            // each query was processed by exactly one instance, once
            List<String> processedByA = processed(a.logs());
            List<String> processedByB = processed(b.logs());
            List<String> all = new ArrayList<>(processedByA);
            all.addAll(processedByB);
            Set<String> expected = new HashSet<>();
            queriesByConversation.values().forEach(expected::addAll);
            assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(processedByB).as("instance B did some of the work").isNotEmpty();
            for (String id : expected) {
                assertThat(CrashDrillTest.count(postgres, database, "SELECT count(*) FROM queries WHERE id = ? "
                        + "AND status = 'completed' AND attempts = 1", id)).as(id).isEqualTo(1);
                assertThat(CrashDrillTest.count(postgres, database, "SELECT count(*) FROM agent_activity "
                        + "WHERE query_id = ? AND type = 'query:completed'", id)).as(id).isEqualTo(1);
            }

            // the clients of instance A saw every query complete, including those B answered
            for (var entry : queriesByConversation.entrySet()) {
                List<String> completed = new ArrayList<>();
                WsClient ws = sockets.get(entry.getKey());
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!completed.containsAll(entry.getValue()) && System.nanoTime() < deadline) {
                    ws.drain().stream().filter(f -> "query:completed".equals(f.path("type").asText()))
                            .forEach(f -> completed.add(f.path("queryId").asText()));
                    await().pollDelay(Duration.ofMillis(100)).until(() -> true);
                }
                Set<String> missing = new HashSet<>(entry.getValue());
                missing.removeAll(completed);
                assertThat(missing).as("completions not delivered to A (A did %s, B did %s)",
                        missing.stream().filter(processedByA::contains).toList(),
                        missing.stream().filter(processedByB::contains).toList()).isEmpty();
                assertThat(completed).as("delivered once").doesNotHaveDuplicates();
                assertThat(CrashDrillTest.count(postgres, database, "SELECT count(*) FROM messages "
                        + "WHERE conversation_id = ?::uuid AND role = 'assistant'", entry.getKey()))
                        .as("one answer per question").isEqualTo(AI_QUOTA);
            }
        } finally {
            sockets.values().forEach(WsClient::close);
        }

        // the per-IP API limit is one budget across both instances
        HttpClient http = HttpClient.newHttpClient();
        String ip = "198.51.100." + (1 + new java.util.Random().nextInt(250));
        for (int i = 0; i < API_LIMIT; i++) {
            var response = get(http, (i % 2 == 0 ? a : b).baseUrl(), ip);
            assertThat(response.statusCode()).as("request %d", i).isEqualTo(401);
        }
        for (AppProcess app : List.of(a, b)) {
            var limited = get(http, app.baseUrl(), ip);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(limited.headers().firstValue("RateLimit-Limit")).contains(String.valueOf(API_LIMIT));
            assertThat(limited.headers().firstValue("RateLimit-Remaining")).contains("0");
            assertThat(limited.body()).contains("Too many requests");
        }
    }

    private static HttpResponse<String> get(HttpClient http, String baseUrl, String clientIp) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/chat/conversations"))
                .header("X-Forwarded-For", clientIp).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> processed(String logs) {
        List<String> ids = new ArrayList<>();
        Matcher m = PROCESSING.matcher(logs);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
