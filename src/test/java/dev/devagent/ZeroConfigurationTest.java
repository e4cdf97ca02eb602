package dev.devagent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.devagent.support.ApiClient;
import dev.devagent.support.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The newcomer's path: the app with no configuration at all — embedded PostgreSQL, embedded Neo4j,
 * offline AI — answers a chat, makes the first account admin, and keeps its data across a restart.
 * Only the data directory and ports are moved off their defaults so the test never touches ./data or 7687.
 */
class ZeroConfigurationTest {

    static Path dataDir;

    @BeforeAll
    static void dataDir() {
        dataDir = TestEnvironment.tempDir();
    }

    @AfterAll
    static void cleanUp() {
        FileSystemUtils.deleteRecursively(dataDir.toFile());
    }

    private static ConfigurableApplicationContext start() {
        // empty values override whatever the CI environment sets: this run must use the embedded engines
        return SpringApplication.run(DeveloperAgentApplication.class,
                "--server.port=0",
                "--POSTGRES_HOST=",
                "--NEO4J_URI=",
                "--OPENAI_API_KEY=",
                "--agent.data-dir=" + dataDir,
                "--agent.embedded.neo4j-bolt-port=" + TestEnvironment.freePort(),
                "--agent.push.ws-port=" + TestEnvironment.freePort());
    }

    @Test
    void runsTheWholeProductOnEmbeddedDefaults() {
        String token;
        try (ConfigurableApplicationContext app = start()) {
            ApiClient client = new ApiClient("http://127.0.0.1:" + port(app));
            assertThat(client.get("/health").json().get("status").asText()).isEqualTo("healthy");

            var first = client.post("/api/auth/register", Map.of("username", "newcomer", "password", "first-account-pw"));
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.text("role")).as("first account on embedded defaults").isEqualTo("admin");
            var second = client.post("/api/auth/register", Map.of("username", "colleague", "password", "second-acct-pw"));
            assertThat(second.text("role")).isEqualTo("user");

            token = client.post("/api/auth/login", Map.of("username", "newcomer", "password", "first-account-pw"))
                    .text("token");
            client.token(token);
            var accepted = client.post("/api/chat/message", Map.of("message", "Which services depend on express?"));
            assertThat(accepted.status()).isEqualTo(202);
            String queryId = accepted.text("queryId");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "completed".equals(client.get("/api/chat/query/" + queryId).text("status")));
            var result = client.get("/api/chat/query/" + queryId).json().get("result");
            assertThat(result.get("provider").asText()).isEqualTo("offline");
            assertThat(result.get("answer").asText()).contains("Nothing is indexed yet");
        }

        try (ConfigurableApplicationContext app = start()) {
            ApiClient client = new ApiClient("http://127.0.0.1:" + port(app));
            var login = client.post("/api/auth/login", Map.of("username", "newcomer", "password", "first-account-pw"));
            assertThat(login.status()).as("account survives a restart").isEqualTo(200);
            client.token(login.text("token"));
            assertThat(client.get("/api/chat/conversations").json().get("conversations")).hasSize(1);
        }
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
