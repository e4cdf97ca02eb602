package dev.devagent.ops;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.devagent.support.ApiClient;
import dev.devagent.support.ApiTest;
import dev.devagent.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

@ApiTest
class OpsTest extends ApiTestSupport {

    @Test
    void healthReportsEveryCheck() {
        var health = anonymous().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("healthy");
        assertThat(health.text("timestamp")).endsWith("Z");
        assertThat(health.json().get("uptime").asLong()).isNotNegative();
        var checks = health.json().get("checks");
        assertThat(checks.get("database").get("status").asText()).isEqualTo("up");
        assertThat(checks.get("neo4j").get("status").asText()).isEqualTo("up");
        assertThat(checks.get("openai").get("provider").asText()).isEqualTo("offline");
        assertThat(checks.get("memory").get("status").asText()).isEqualTo("up");
    }

    @Test
    void probesAreOnTheMainPort() {
        assertThat(anonymous().get("/livez").status()).isEqualTo(200);
        var ready = anonymous().get("/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.text("status")).isEqualTo("UP");
    }

    @Test
    void metricsExposeSeedNamesAndCamelPerRouteSeries() {
        ApiClient user = newUser();
        ask(user, "metrics please", null);
        var metrics = anonymous().get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        String text = metrics.body();
        assertThat(text).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"chat-message\"");
        // the dashboard's "Exchanges in flight" panel: one gauge per route
        assertThat(text).containsPattern("camel_exchanges_inflight\\{[^}]*routeId=\"chat-message\"[^}]*} \\d");
        assertThat(text).containsPattern("http_request_duration_seconds_bucket\\{[^}]*route=\"/api/chat/message\"[^}]*"
                + "status_code=\"202\"");
        assertThat(text).containsPattern("http_requests_total\\{[^}]*method=\"POST\"");
        assertThat(text).doesNotContain("route=\"/api/chat/query/query-");
        assertThat(text).contains("websocket_connections_active").contains("websocket_messages_sent_total");
        assertThat(text).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"push-deliver\"");
        // the intake is one statement, named by its first verb and table: here it starts a new conversation
        assertThat(text).containsPattern("db_query_duration_seconds_bucket\\{[^}]*operation=\"insert\"[^}]*table=\"conversations\"");
        assertThat(text).containsPattern("hikaricp_connections_active\\{");
    }

    @Test
    void requestIdIsKeptOrMadeAndLogged() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try {
            var given = anonymous().header("X-Request-Id", "trace-me-123")
                    .post("/api/auth/login", Map.of("username", "nobody-here", "password", "hunter2-secret"));
            assertThat(given.header("X-Request-Id")).isEqualTo("trace-me-123");
            var made = anonymous().get("/health");
            assertThat(made.header("X-Request-Id")).hasSize(36);

            ApiClient user = newUser().header("X-Request-Id", "chat-request-42");
            String queryId = ask(user, "log this question", null).text("queryId");
            awaitFinished(user, queryId);

            List<ILoggingEvent> events = List.copyOf(captured.list);
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getFormattedMessage()).startsWith("Accepted query " + queryId);
                assertThat(e.getMDCPropertyMap()).containsEntry("requestId", "chat-request-42")
                        .containsEntry("camel.routeId", "chat-message");
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getMDCPropertyMap()).containsEntry("queryId", queryId);
                assertThat(e.getMDCPropertyMap()).containsKey("conversationId");
            });
            assertThat(events).allSatisfy(e -> assertThat(e.getFormattedMessage() + e.getMDCPropertyMap())
                    .doesNotContain("hunter2-secret").doesNotContain("correct-horse-1").doesNotContain(user.token()));
        } finally {
            root.detachAppender(captured);
        }
    }
}
