package dev.devagent.support;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Helpers for tests against the running app over real HTTP. */
public abstract class ApiTestSupport {

    @LocalServerPort
    protected int port;

    protected ApiClient anonymous() {
        return new ApiClient("http://127.0.0.1:" + port);
    }

    protected ApiClient newUser() {
        return signIn("user-" + UUID.randomUUID().toString().substring(0, 8));
    }

    protected ApiClient signIn(String username) {
        ApiClient client = anonymous();
        var registered = client.post("/api/auth/register", Map.of("username", username, "password", "correct-horse-1"));
        assertThat(registered.status()).as(registered.toString()).isIn(201, 409);
        var login = client.post("/api/auth/login", Map.of("username", username, "password", "correct-horse-1"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return client.token(login.text("token")).username(username);
    }

    protected ApiClient.Response ask(ApiClient client, String message, String conversationId) {
        Map<String, Object> body = conversationId == null ? Map.of("message", message)
                : Map.of("message", message, "conversationId", conversationId);
        var accepted = client.post("/api/chat/message", body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted;
    }

    /** Polls the query until it leaves `processing`; returns its final view. */
    protected ApiClient.Response awaitFinished(ApiClient client, String queryId) {
        ApiClient.Response[] last = new ApiClient.Response[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(150)).until(() -> {
            last[0] = client.get("/api/chat/query/" + queryId);
            return last[0].status() == 200 && !"processing".equals(last[0].text("status"));
        });
        return last[0];
    }
}
