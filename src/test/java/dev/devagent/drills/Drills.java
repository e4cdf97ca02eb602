package dev.devagent.drills;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.devagent.support.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Small helpers the drills share: accounts, questions, and the shape of an error body. */
final class Drills {

    private Drills() {
    }

    static ApiClient signIn(ApiClient client, String username) {
        var registered = client.post("/api/auth/register", Map.of("username", username, "password", "correct-horse-1"));
        assertThat(registered.status()).as(registered.toString()).isIn(201, 409);
        var login = client.post("/api/auth/login", Map.of("username", username, "password", "correct-horse-1"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return client.token(login.text("token")).username(username);
    }

    static String newName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Polls until the query leaves `processing`; returns its final view. */
    static ApiClient.Response awaitFinished(ApiClient client, String queryId, Duration atMost) {
        ApiClient.Response[] last = new ApiClient.Response[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = client.get("/api/chat/query/" + queryId);
            return last[0].status() == 200 && !"processing".equals(last[0].text("status"));
        });
        return last[0];
    }

    /** A 4xx/5xx the API owes its clients: JSON {error, details}, no stack trace, no exception names. */
    static void assertCleanError(ApiClient.Response response) {
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/json");
        assertThat(response.text("error")).as(response.toString()).isNotBlank();
        assertThat(response.json().has("details")).as(response.toString()).isTrue();
        assertThat(response.body()).as("no stack trace").doesNotContain("\tat ").doesNotContainIgnoringCase("exception");
    }
}
