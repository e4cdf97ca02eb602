package dev.devagent.push;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devagent.DeveloperAgentApplication;
import dev.devagent.chat.QueryLeases;
import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import dev.devagent.support.TestEnvironment;
import dev.devagent.support.WsClient;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ApiTest
class PushTest extends ApiTestSupport {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String ALLOWED_ORIGIN = "http://localhost:5173";

    @Value("${agent.push.ws-port}")
    int wsPort;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;
    @Autowired
    PgEventListener listener;
    @Autowired
    PushPublisher publisher;

    private String newConversation(ApiClient user) {
        return user.post("/api/chat/conversations", Map.of("title", "push")).text("conversationId");
    }

    private WsClient joined(ApiClient user, String conversation, Long afterId) {
        WsClient ws = WsClient.connect(wsPort, ALLOWED_ORIGIN);
        ws.send(afterId == null
                ? Map.of("type", "join", "conversationId", conversation, "token", user.token())
                : Map.of("type", "join", "conversationId", conversation, "token", user.token(), "afterId", afterId));
        JsonNode joined = ws.next(WAIT);
        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(joined.path("conversationId").asText()).isEqualTo(conversation);
        return ws;
    }

    private static boolean completed(JsonNode frame) {
        return "query:completed".equals(frame.path("type").asText());
    }

    @Test
    void joinedClientSeesEveryStepOfAQueryPostedOverRest() {
        await().until(listener::isListening);
        ApiClient user = newUser();
        String conversation = newConversation(user);
        try (WsClient ws = joined(user, conversation, null)) {
            String queryId = ask(user, "Which services depend on express?", conversation).text("queryId");

            List<JsonNode> all = ws.until(PushTest::completed, WAIT);
            assertThat(all).anySatisfy(f -> assertThat(f.path("type").asText()).isEqualTo("query:token"));
            // streamed tokens are live-only (no id); every stored event comes in order
            List<JsonNode> frames = all.stream().filter(f -> !"query:token".equals(f.path("type").asText())).toList();
            assertThat(frames).extracting(f -> f.path("type").asText())
                    .startsWith("task:created", "agent:spawned", "query:progress")
                    .contains("query:progress")
                    .endsWith("query:completed");
            assertThat(frames).allSatisfy(f -> {
                assertThat(f.path("conversationId").asText()).isEqualTo(conversation);
                assertThat(f.path("queryId").asText()).isEqualTo(queryId);
                assertThat(f.path("id").asLong()).isPositive();
                assertThat(f.path("timestamp").asText()).endsWith("Z");
            });
            assertThat(frames.stream().map(f -> f.path("id").asLong()).toList()).isSorted();
            JsonNode result = frames.get(frames.size() - 1).path("data").path("result");
            assertThat(result.path("provider").asText()).isEqualTo("offline");
            assertThat(result.path("answer").asText()).contains("dependency question");

            ws.send(Map.of("type", "ping"));
            assertThat(ws.next(WAIT).path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void anotherUsersConversationClosesWith4403AndABadTokenWith4401() {
        ApiClient owner = newUser();
        ApiClient stranger = newUser();
        String conversation = newConversation(owner);

        WsClient intruder = WsClient.connect(wsPort, ALLOWED_ORIGIN);
        intruder.send(Map.of("type", "join", "conversationId", conversation, "token", stranger.token()));
        assertThat(intruder.awaitClose(WAIT)).isEqualTo(4403);

        WsClient forged = WsClient.connect(wsPort, ALLOWED_ORIGIN);
        forged.send(Map.of("type", "join", "conversationId", conversation, "token", "not.a.token"));
        assertThat(forged.awaitClose(WAIT)).isEqualTo(4401);

        WsClient subscriber = WsClient.connect(wsPort, ALLOWED_ORIGIN);
        subscriber.send(Map.of("type", "subscribe", "topic", "repositories", "token", ""));
        assertThat(subscriber.awaitClose(WAIT)).isEqualTo(4401);
    }

    @Test
    void badFramesGetErrorFramesAndTheConnectionStaysUsable() {
        ApiClient user = newUser();
        try (WsClient ws = WsClient.connect(wsPort, ALLOWED_ORIGIN)) {
            ws.send("not json at all");
            JsonNode error = ws.next(WAIT);
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("data").path("error").asText()).isEqualTo("Malformed frame");

            ws.send(Map.of("type", "dance"));
            assertThat(ws.next(WAIT).path("data").path("error").asText()).isEqualTo("Unknown frame type");

            ws.send(Map.of("type", "join", "conversationId", "nope", "token", user.token()));
            assertThat(ws.next(WAIT).path("data").path("error").asText()).isEqualTo("Invalid conversation id");

            ws.send(Map.of("type", "subscribe", "topic", "repositories", "token", user.token()));
            assertThat(ws.next(WAIT).path("type").asText()).isEqualTo("subscribed");
        }
    }

    @Test
    void eventsOverTheNotifyLimitTravelByReferenceAndLiveOnlyEventsAreNotStored() {
        await().until(listener::isListening);
        ApiClient user = newUser();
        String conversation = newConversation(user);
        java.util.UUID id = java.util.UUID.fromString(conversation);
        String big = "x".repeat(20_000);
        try (WsClient ws = joined(user, conversation, null)) {
            long stored = publisher.publish(id, null, "agent:message", Map.of("text", big));
            JsonNode frame = ws.next(WAIT);
            assertThat(frame.path("id").asLong()).isEqualTo(stored);
            assertThat(frame.path("data").path("text").asText()).isEqualTo(big);

            publisher.publishLive(id, "query-1-aaaaaaaaa", "query:token", Map.of("token", "Hel"));
            JsonNode token = ws.next(WAIT);
            assertThat(token.path("type").asText()).isEqualTo("query:token");
            assertThat(token.has("id")).isFalse();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM agent_activity WHERE conversation_id = ?::uuid "
                    + "AND type = 'query:token'", Integer.class, conversation)).isZero();
        }
    }

    @Test
    void liveEventsQueuedBehindAnAnnouncementShareTheNextOneAndArriveInOrder() throws Exception {
        await().until(listener::isListening);
        ApiClient user = newUser();
        String conversation = newConversation(user);
        java.util.UUID id = java.util.UUID.fromString(conversation);
        java.util.concurrent.ExecutorService streams = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (WsClient ws = joined(user, conversation, null)) {
            // an announcement is on its way (the lock is held): three answers' frames queue behind it
            publisher.announcing.lock();
            long before = publisher.liveAnnouncements.get();
            java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            try {
                for (int q = 0; q < 3; q++) {
                    String queryId = "query-" + q + "-bbbbbbbbb";
                    sent.add(streams.submit(() -> publisher.publishLive(id, queryId, "query:token",
                            Map.of("index", 0, "token", "from " + queryId))));
                }
                await().until(() -> publisher.queued.size() == 3);
                assertThat(sent).noneMatch(java.util.concurrent.Future::isDone);
            } finally {
                publisher.announcing.unlock();
            }
            for (var each : sent) {
                each.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(publisher.liveAnnouncements.get() - before).isEqualTo(1);
            java.util.Set<String> tokens = new java.util.HashSet<>();
            for (int i = 0; i < 3; i++) {
                JsonNode frame = ws.next(WAIT);
                assertThat(frame.path("type").asText()).isEqualTo("query:token");
                tokens.add(frame.path("data").path("token").asText());
            }
            assertThat(tokens).containsExactlyInAnyOrder("from query-0-bbbbbbbbb", "from query-1-bbbbbbbbb",
                    "from query-2-bbbbbbbbb");

            // many answers streaming at once: every frame arrives, each answer's in order, before what follows it
            java.util.List<java.util.concurrent.Future<?>> answers = new java.util.ArrayList<>();
            for (int q = 0; q < 3; q++) {
                String queryId = "query-" + (10 + q) + "-ccccccccc";
                answers.add(streams.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        publisher.publishLive(id, queryId, "query:token", Map.of("index", i, "token", "t" + i));
                    }
                    publisher.publish(id, queryId, "query:completed", Map.of("queryId", queryId));
                }));
            }
            for (var each : answers) {
                each.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            Map<String, Integer> next = new java.util.HashMap<>();
            java.util.Set<String> completed = new java.util.HashSet<>();
            while (completed.size() < 3) {
                JsonNode frame = ws.next(WAIT);
                String queryId = frame.path("queryId").asText();
                if (frame.path("type").asText().equals("query:completed")) {
                    assertThat(next.get(queryId)).as(queryId).isEqualTo(100);
                    completed.add(queryId);
                } else {
                    assertThat(frame.path("data").path("index").asInt()).as(queryId)
                            .isEqualTo(next.getOrDefault(queryId, 0));
                    next.merge(queryId, 1, Integer::sum);
                }
            }
        } finally {
            streams.shutdownNow();
        }
    }

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;
    @Autowired
    PushHub hub;

    @Test
    void anEventGoesToTheSocketsThatJoinedItsConversationAndThoseThatLeftOrClosedAreForgotten() {
        await().until(listener::isListening);
        ApiClient user = newUser();
        String conversation = newConversation(user);
        String other = newConversation(user);
        java.util.UUID id = java.util.UUID.fromString(conversation);
        WsClient first = joined(user, conversation, null);
        try (WsClient second = joined(user, conversation, null); WsClient elsewhere = joined(user, other, null)) {
            assertThat(hub.joinedTo(id)).isEqualTo(2);
            long event = publisher.publish(id, null, "agent:message", Map.of("text", "to both"));
            assertThat(first.next(WAIT).path("id").asLong()).isEqualTo(event);
            assertThat(second.next(WAIT).path("id").asLong()).isEqualTo(event);

            second.send(Map.of("type", "leave", "conversationId", conversation));
            await().atMost(WAIT).until(() -> hub.joinedTo(id) == 1);
            first.close();
            await().atMost(WAIT).until(() -> hub.joinedTo(id) == 0);

            long later = publisher.publish(id, null, "agent:message", Map.of("text", "to nobody"));
            long there = publisher.publish(java.util.UUID.fromString(other), null, "agent:message", Map.of("text", "there"));
            assertThat(elsewhere.next(WAIT).path("id").asLong()).as("only the other conversation's event").isEqualTo(there);
            assertThat(second.drain()).extracting(f -> f.path("id").asLong()).doesNotContain(later);
        } finally {
            first.close();
        }
    }

    @Test
    void anEventPublishedInATransactionIsAnnouncedOnlyWhenItCommits() {
        await().until(listener::isListening);
        ApiClient user = newUser();
        String conversation = newConversation(user);
        java.util.UUID id = java.util.UUID.fromString(conversation);
        try (WsClient ws = joined(user, conversation, null)) {
            tx.executeWithoutResult(status -> {
                publisher.publish(id, "query-1-rolledback", "agent:message", Map.of("text", "never happened"));
                status.setRollbackOnly();
            });
            long[] kept = new long[1];
            tx.executeWithoutResult(status -> {
                kept[0] = publisher.publish(id, "query-2-committed", "agent:message", Map.of("text", "happened"));
                assertThat(ws.drain()).as("not announced before the commit").isEmpty();
            });
            JsonNode frame = ws.next(WAIT);
            assertThat(frame.path("id").asLong()).isEqualTo(kept[0]);
            assertThat(frame.path("queryId").asText()).isEqualTo("query-2-committed");
            assertThat(frame.path("conversationId").asText()).isEqualTo(conversation);
            assertThat(frame.path("data").path("text").asText()).isEqualTo("happened");
            assertThat(java.time.Instant.parse(frame.path("timestamp").asText()))
                    .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(1));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM agent_activity WHERE query_id = 'query-1-rolledback'",
                    Integer.class)).isZero();
        }
    }

    @Test
    void eventsPublishedWhileTheListenerReconnectsAreStillDelivered() {
        await().until(listener::isListening);
        ApiClient user = newUser();
        String conversation = newConversation(user);
        try (WsClient ws = joined(user, conversation, null)) {
            // cut this replica's LISTEN connection, then publish before it is back
            Integer cut = jdbc.queryForObject("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND query = 'LISTEN " + PushPublisher.CHANNEL + "'",
                    Integer.class);
            assertThat(cut).isEqualTo(1);
            long id = publisher.publish(java.util.UUID.fromString(conversation), null, "agent:message",
                    Map.of("text", "sent during the gap"));
            JsonNode frame = ws.next(WAIT);
            assertThat(frame.path("id").asLong()).isEqualTo(id);
            assertThat(frame.path("data").path("text").asText()).isEqualTo("sent during the gap");
            await().until(listener::isListening);
            publisher.publish(java.util.UUID.fromString(conversation), null, "agent:message", Map.of("text", "after"));
            assertThat(ws.next(WAIT).path("data").path("text").asText()).isEqualTo("after");
        }
    }

    @Test
    void disallowedOriginIsRefused() {
        assertThatThrownBy(() -> WsClient.connect(wsPort, "https://evil.example"))
                .isInstanceOf(CompletionException.class);
    }

    @Test
    void rejoiningWithAfterIdDeliversEveryEventExactlyOnceInOrder() throws Exception {
        await().until(listener::isListening);
        ApiClient user = newUser();
        String conversation = newConversation(user);
        camel.getRouteController().stopRoute("query-claim");
        long lastSeen;
        try (WsClient first = joined(user, conversation, null)) {
            ask(user, "Where do we validate JWTs?", conversation);
            JsonNode created = first.next(WAIT);
            assertThat(created.path("type").asText()).isEqualTo("task:created");
            lastSeen = created.path("id").asLong();
        } finally {
            // the client is gone; the work goes on
            camel.getRouteController().startRoute("query-claim");
        }

        try (WsClient second = joined(user, conversation, lastSeen)) {
            List<JsonNode> frames = second.until(PushTest::completed, WAIT);
            List<Long> received = frames.stream().filter(f -> f.has("id")).map(f -> f.path("id").asLong()).toList();
            List<Long> stored = jdbc.queryForList("SELECT id FROM agent_activity WHERE conversation_id = ?::uuid "
                    + "AND id > ? ORDER BY id", Long.class, conversation, lastSeen);
            assertThat(received).isEqualTo(stored).doesNotHaveDuplicates();
            Thread.sleep(300);
            assertThat(second.drain()).as("nothing stored after completion").noneMatch(f -> f.has("id"));
        }
    }

    @Test
    void clientOnOneInstanceGetsEventsOfWorkDoneOnAnother() throws Exception {
        await().until(listener::isListening);
        int otherWsPort = TestEnvironment.freePort();
        try (ConfigurableApplicationContext other = SpringApplication.run(DeveloperAgentApplication.class,
                "--server.port=0",
                "--POSTGRES_HOST=" + environment.getProperty("POSTGRES_HOST"),
                "--POSTGRES_PORT=" + environment.getProperty("POSTGRES_PORT"),
                "--POSTGRES_USER=" + environment.getProperty("POSTGRES_USER"),
                "--POSTGRES_PASSWORD=" + environment.getProperty("POSTGRES_PASSWORD"),
                "--POSTGRES_DB=" + environment.getProperty("POSTGRES_DB"),
                "--POSTGRES_SSLMODE=disable",
                "--NEO4J_URI=bolt://127.0.0.1:" + environment.getProperty("agent.embedded.neo4j-bolt-port"),
                "--agent.data-dir=" + TestEnvironment.tempDir(),
                "--agent.push.ws-port=" + otherWsPort,
                "--agent.queries.poll-interval-ms=100",
                "--agent.security.jwt-secret=" + environment.getProperty("agent.security.jwt-secret"))) {
            String otherWorker = other.getBean(QueryLeases.class).owner();
            camel.getRouteController().stopRoute("query-claim");
            try {
                ApiClient user = newUser();
                String conversation = newConversation(user);
                try (WsClient here = joined(user, conversation, null)) {
                    ask(user, "Which repositories are indexed?", conversation);
                    List<JsonNode> frames = here.until(PushTest::completed, WAIT);
                    assertThat(frames).anySatisfy(f -> {
                        assertThat(f.path("type").asText()).isEqualTo("agent:spawned");
                        assertThat(f.path("data").path("worker").asText()).isEqualTo(otherWorker);
                    });
                }
                // and a client of the other instance is served too
                ApiClient viaOther = new ApiClient("http://127.0.0.1:"
                        + ((WebServerApplicationContext) other).getWebServer().getPort()).token(user.token());
                assertThat(viaOther.get("/api/chat/conversations/" + conversation + "/messages").status())
                        .isEqualTo(200);
            } finally {
                camel.getRouteController().startRoute("query-claim");
            }
        }
    }
}
