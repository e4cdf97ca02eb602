package dev.devagent.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few REST calls the load clients make, over the JDK HTTP client. */
final class BenchApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;

    /** What a load client's main does. */
    interface ClientMain {
        void run(String[] args) throws Exception;
    }

    /**
     * Runs a load client and exits explicitly: client threads (HTTP, Vert.x) would keep the JVM alive,
     * also after a failure.
     */
    static void runAndExit(ClientMain client, String[] args) {
        try {
            client.run(args);
            System.exit(0);
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.exit(1);
        }
    }

    BenchApi(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8, task -> {
                    Thread thread = new Thread(task, "bench-http");
                    thread.setDaemon(true);
                    return thread;
                })).build();
    }

    /** A signed-in user: registered (201, or 409 when it exists) then logged in. */
    User signIn(String username, String password) {
        Map<String, String> credentials = Map.of("username", username, "password", password);
        HttpResponse<String> registered = send("POST", "/api/auth/register", null, credentials);
        if (registered.statusCode() != 201 && registered.statusCode() != 409) {
            throw new IllegalStateException("register " + username + ": " + registered.statusCode() + " " + registered.body());
        }
        HttpResponse<String> login = send("POST", "/api/auth/login", null, credentials);
        if (login.statusCode() != 200) {
            throw new IllegalStateException("login " + username + ": " + login.statusCode() + " " + login.body());
        }
        return new User(username, read(login.body()).path("token").asText());
    }

    String createConversation(User user, String title) {
        HttpResponse<String> created = send("POST", "/api/chat/conversations", user.token(), Map.of("title", title));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("create conversation: " + created.statusCode() + " " + created.body());
        }
        return read(created.body()).path("conversationId").asText();
    }

    CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String token, Object body) {
        return http.sendAsync(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String token, Object body) {
        try {
            return http.send(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String method, String path, String token, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        return builder.build();
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record User(String username, String token) { }
}
