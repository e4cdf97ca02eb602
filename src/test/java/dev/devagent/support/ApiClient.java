package dev.devagent.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real HTTP client against the running app. Each client poses as its own address (X-Forwarded-For
 * from the trusted loopback proxy), so the per-IP rate limit of one test never spills into another.
 */
public class ApiClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // a random start: test runs against the same database do not reuse each other's addresses either
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_ADDRESS =
            new java.util.concurrent.atomic.AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 17));

    private final String baseUrl;
    private final String clientIp;
    private String token;
    private String username;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
        // the next address of 198.18.0.0/15 (the benchmarking range): random ones collided now and then, and a
        // client sharing another's address finds its rate limit partly used (the buckets live in the database)
        int n = Math.floorMod(NEXT_ADDRESS.getAndIncrement(), 1 << 17);
        this.clientIp = "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    public ApiClient token(String bearer) {
        this.token = bearer;
        return this;
    }

    public String token() {
        return token;
    }

    public ApiClient username(String name) {
        this.username = name;
        return this;
    }

    public String username() {
        return username;
    }

    public String clientIp() {
        return clientIp;
    }

    public ApiClient header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        String json;
        try {
            json = body instanceof String s ? s : MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response postBytes(String path, byte[] body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientIp);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        extraHeaders.forEach(builder::header);
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static final class Response {

        private final HttpResponse<String> raw;
        private JsonNode json;

        Response(HttpResponse<String> raw) {
            this.raw = raw;
        }

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public java.net.http.HttpHeaders headers() {
            return raw.headers();
        }

        public JsonNode json() {
            if (json == null) {
                try {
                    json = MAPPER.readTree(raw.body());
                } catch (IOException e) {
                    throw new AssertionError("not JSON (status " + status() + "): " + raw.body(), e);
                }
            }
            return json;
        }

        public String text(String field) {
            JsonNode node = json().get(field);
            return node == null || node.isNull() ? null : node.asText();
        }

        @Override
        public String toString() {
            return status() + " " + raw.body();
        }
    }
}
