package dev.devagent.drills;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devagent.support.ApiClient;
import dev.devagent.support.AppProcess;
import dev.devagent.support.FakeOpenAi;
import dev.devagent.support.FakeOpenAi.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The model failing end to end, through the chat (the gateway's own test covers the route): 500s and
 * calls that outlive their timeout open the AI breaker, answers degrade to the offline provider,
 * /health says degraded, and once the model is back the breaker closes by itself. The state is read
 * from the exported resilience4j_circuitbreaker_state series.
 */
class AiOutageDrillTest {

    static final FakeOpenAi FAKE = new FakeOpenAi();
    static AppProcess app;

    @BeforeAll
    static void startApp() throws Exception {
        var postgres = DrillServers.postgres();
        app = AppProcess.on(postgres, postgres.createDatabase("drill_ai"), DrillServers.neo4j().boltUri(), Map.of(
                "OPENAI_API_KEY", "drill-key",
                "OPENAI_BASE_URL", FAKE.baseUrl(),
                "OPENAI_TIMEOUT", "1s",
                "AI_BREAKER_TIMEOUT_MS", "1500",
                "AI_BREAKER_WINDOW", "4",
                "AI_BREAKER_MIN_CALLS", "4",
                "AI_BREAKER_OPEN_SECONDS", "3",
                "QUERY_POLL_INTERVAL_MS", "100",
                "AI_RATE_LIMIT_MAX_REQUESTS", "10000",
                "RATE_LIMIT_MAX_REQUESTS", "100000")).start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        FAKE.close();
    }

    private static boolean breakerIs(String state) {
        String metrics = app.client().get("/metrics").body();
        return Pattern.compile("resilience4j_circuitbreaker_state\\{[^}]*name=\"ai-chat-breaker\"[^}]*state=\""
                + state + "\"[^}]*} 1\\.0").matcher(metrics).find();
    }

    private static JsonNode answer(ApiClient user) {
        var accepted = user.post("/api/chat/message", Map.of("message", "What does acme/api do? " + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        var done = Drills.awaitFinished(user, accepted.text("queryId"), Duration.ofSeconds(60));
        assertThat(done.text("status")).as(done.toString()).isEqualTo("completed");
        return done.json().path("result");
    }

    @Test
    void failingAndHangingModelOpensTheBreakerAnswersDegradeAndItClosesAfterRecovery() {
        FAKE.behave(request -> Reply.text("All good.", 10, 3));
        ApiClient user = Drills.signIn(app.client(), Drills.newName("ai"));
        JsonNode normal = answer(user);
        assertThat(normal.path("provider").asText()).isEqualTo("openai");
        assertThat(normal.path("degraded").asBoolean()).isFalse();
        assertThat(breakerIs("closed")).isTrue();

        // half the calls fail with 500, the other half hang past the timeout
        AtomicInteger calls = new AtomicInteger();
        FAKE.behave(request -> calls.incrementAndGet() % 2 == 0 ? Reply.status(500)
                : Reply.text("too late", 10, 2).delayed(4000));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode result = answer(user);
            assertThat(result.path("degraded").asBoolean()).as(result.toString()).isTrue();
            assertThat(result.path("provider").asText()).isEqualTo("offline");
            return breakerIs("open");
        });
        var health = user.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("degraded");
        assertThat(health.json().path("checks").path("openai").path("status").asText()).isEqualTo("down");
        assertThat(health.json().path("checks").path("openai").path("breaker").asText()).isEqualTo("open");

        // while open, the answer is offline at once and the model is not called
        int before = calls.get();
        JsonNode whileOpen = answer(user);
        assertThat(whileOpen.path("degraded").asBoolean()).isTrue();
        assertThat(whileOpen.path("answer").asText()).containsIgnoringCase("offline");
        if (breakerIs("open")) {
            assertThat(calls.get()).isEqualTo(before);
        }

        FAKE.behave(request -> Reply.text("Back to normal.", 10, 3));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            answer(user);
            return breakerIs("closed");
        });
        JsonNode recovered = answer(user);
        assertThat(recovered.path("provider").asText()).isEqualTo("openai");
        assertThat(recovered.path("degraded").asBoolean()).isFalse();
        assertThat(recovered.path("answer").asText()).isEqualTo("Back to normal.");
        assertThat(user.get("/health").text("status")).isEqualTo("healthy");
    }
}
