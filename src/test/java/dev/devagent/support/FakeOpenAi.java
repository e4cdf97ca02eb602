package dev.devagent.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-JVM fake of the OpenAI wire protocol at /v1/chat/completions: real response shapes (JSON
 * completions, SSE chunks ending with usage and [DONE], tool_calls deltas, 429 with Retry-After, 500,
 * slow and malformed replies). It counts requests in flight, so tests can assert caps at the provider.
 */
public final class FakeOpenAi implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<JsonNode> embeddingRequests = new CopyOnWriteArrayList<>();
    private volatile boolean embeddingsWork = true;
    private volatile boolean keepRequests = true;
    private volatile Function<JsonNode, Reply> behaviour = request -> Reply.text("Hello from the fake.", 10, 5);

    public FakeOpenAi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", this::handle);
        server.createContext("/v1/embeddings", this::embeddings);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public void behave(Function<JsonNode, Reply> replies) {
        this.behaviour = replies;
    }

    /**
     * When false, requests are answered but not kept for {@link #requests()} (a long load would otherwise grow
     * the copy-on-write lists without bound and spend ever more CPU copying them).
     */
    public void keepRequests(boolean keep) {
        this.keepRequests = keep;
    }

    /** When false, /v1/embeddings answers 500. */
    public void embeddingsWork(boolean working) {
        this.embeddingsWork = working;
    }

    public List<JsonNode> embeddingRequests() {
        return embeddingRequests;
    }

    /** Deterministic unit-ish vectors of the requested size, with usage, as the embeddings API returns them. */
    private void embeddings(HttpExchange exchange) throws IOException {
        try {
            JsonNode request = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            if (keepRequests) {
                embeddingRequests.add(request);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (!embeddingsWork) {
                send(exchange, 500, "{\"error\":{\"message\":\"fake failure\",\"type\":\"server_error\"}}");
                return;
            }
            int dimensions = request.path("dimensions").asInt(1536);
            StringBuilder data = new StringBuilder();
            int index = 0;
            int tokens = 0;
            for (JsonNode input : request.path("input")) {
                String text = input.asText();
                tokens += Math.max(1, text.length() / 4);
                data.append(index == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(index++)
                        .append(",\"embedding\":[");
                for (int d = 0; d < dimensions; d++) {
                    double value = ((text.hashCode() * 31 + d) % 1000) / 1000.0;
                    data.append(d == 0 ? "" : ",").append(value);
                }
                data.append("]}");
            }
            send(exchange, 200, "{\"object\":\"list\",\"data\":[" + data + "],\"model\":"
                    + quote(request.path("model").asText()) + ",\"usage\":{\"prompt_tokens\":" + tokens
                    + ",\"total_tokens\":" + tokens + "}}");
        } finally {
            exchange.close();
        }
    }

    public List<JsonNode> requests() {
        return requests;
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void resetCounters() {
        requests.clear();
        maxInFlight.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            JsonNode request = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            if (keepRequests) {
                requests.add(request);
            }
            Reply reply = behaviour.apply(request);
            if (reply.delayMs > 0) {
                Thread.sleep(reply.delayMs);
            }
            boolean stream = request.path("stream").asBoolean(false);
            if (reply.status != 200) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                if (reply.status == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "7");
                }
                send(exchange, reply.status, "{\"error\":{\"message\":\"fake failure\",\"type\":\"server_error\","
                        + "\"code\":null}}");
            } else if (reply.malformed) {
                exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
                send(exchange, 200, stream ? "data: {not json\n\n" : "{\"choices\": [ {not json");
            } else if (stream && reply.tokenIntervalMs > 0) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                sendPaced(exchange, sse(reply, request.path("model").asText()), reply.tokenIntervalMs);
            } else if (stream) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                send(exchange, 200, sse(reply, request.path("model").asText()));
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                send(exchange, 200, completion(reply, request.path("model").asText()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One SSE event at a time (chunked), {@code intervalMs} apart, as a model generates them. */
    private static void sendPaced(HttpExchange exchange, String events, long intervalMs)
            throws IOException, InterruptedException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String event : events.split("(?<=\n\n)")) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (event.contains("\"content\":\"") && !event.contains("\"content\":\"\"")) {
                    Thread.sleep(intervalMs);
                }
            }
        }
    }

    private static String sse(Reply reply, String model) {
        StringBuilder out = new StringBuilder();
        String head = "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"" + model + "\",\"choices\":[";
        out.append("data: ").append(head).append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]}\n\n");
        if (reply.toolName != null) {
            out.append("data: ").append(head).append("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                    + "\"id\":\"call_fake_1\",\"type\":\"function\",\"function\":{\"name\":\"").append(reply.toolName)
                    .append("\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n");
            out.append("data: ").append(head).append("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                    + "\"function\":{\"arguments\":").append(quote(reply.toolArguments))
                    .append("}}]},\"finish_reason\":null}]}\n\n");
            out.append("data: ").append(head).append("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n");
        } else {
            for (String token : reply.tokens()) {
                out.append("data: ").append(head).append("{\"index\":0,\"delta\":{\"content\":").append(quote(token))
                        .append("},\"finish_reason\":null}]}\n\n");
            }
            out.append("data: ").append(head).append("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        }
        out.append("data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"").append(model).append("\",\"choices\":[],\"usage\":{\"prompt_tokens\":")
                .append(reply.promptTokens).append(",\"completion_tokens\":").append(reply.completionTokens)
                .append(",\"total_tokens\":").append(reply.promptTokens + reply.completionTokens).append("}}\n\n");
        out.append("data: [DONE]\n\n");
        return out.toString();
    }

    private static String completion(Reply reply, String model) {
        String message = reply.toolName == null
                ? "{\"role\":\"assistant\",\"content\":" + quote(reply.text) + "}"
                : "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_fake_1\",\"type\":\"function\","
                + "\"function\":{\"name\":" + quote(reply.toolName) + ",\"arguments\":" + quote(reply.toolArguments) + "}}]}";
        return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":"
                + (reply.toolName == null ? "\"stop\"" : "\"tool_calls\"") + "}],\"usage\":{\"prompt_tokens\":" + reply.promptTokens
                + ",\"completion_tokens\":" + reply.completionTokens + ",\"total_tokens\":"
                + (reply.promptTokens + reply.completionTokens) + "}}";
    }

    private static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** What the fake answers to one request. */
    public record Reply(int status, String text, String toolName, String toolArguments, long delayMs,
                        boolean malformed, int promptTokens, int completionTokens, long tokenIntervalMs) {

        public static Reply text(String text, int promptTokens, int completionTokens) {
            return new Reply(200, text, null, null, 0, false, promptTokens, completionTokens, 0);
        }

        public static Reply tool(String name, String argumentsJson) {
            return new Reply(200, null, name, argumentsJson, 0, false, 30, 8, 0);
        }

        public static Reply status(int status) {
            return new Reply(status, null, null, null, 0, false, 0, 0, 0);
        }

        public static Reply malformedJson() {
            return new Reply(200, null, null, null, 0, true, 0, 0, 0);
        }

        /** Waits this long before the first byte of the answer (time to first token). */
        public Reply delayed(long millis) {
            return new Reply(status, text, toolName, toolArguments, millis, malformed, promptTokens, completionTokens,
                    tokenIntervalMs);
        }

        /** When streamed, the tokens come this far apart (a hosted model generates ~50–150 tokens/s). */
        public Reply paced(long millisPerToken) {
            return new Reply(status, text, toolName, toolArguments, delayMs, malformed, promptTokens, completionTokens,
                    millisPerToken);
        }

        /** The text split into word-sized tokens, as a model streams it. */
        List<String> tokens() {
            return List.of(text.split("(?<= )"));
        }
    }
}
