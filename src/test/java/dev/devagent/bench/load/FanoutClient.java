package dev.devagent.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.WebSocket;

/**
 * Push fan-out: N sockets join one conversation, then each round posts a chat message whose events
 * (task:created … query:token … query:completed) every socket receives. Delivery latency of a frame =
 * receive time − the event's own timestamp (same machine, same clock). In baseline mode the sockets
 * connect to BaselinePushServer, which replays the frames recorded from the app with fresh timestamps.
 * Args: app|baseline, http base URL, WebSocket port, sockets, rounds, frames file.
 */
public final class FanoutClient {

    private FanoutClient() {
    }

    public static void main(String[] args) {
        BenchApi.runAndExit(FanoutClient::run, args);
    }

    private static void run(String[] args) throws Exception {
        boolean app = "app".equals(args[0]);
        BenchApi api = new BenchApi(args[1]);
        String host = java.net.URI.create(args[1]).getHost();
        int port = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Path framesFile = Path.of(args[5]);

        LatencyStats delivery = new LatencyStats();
        AtomicInteger joined = new AtomicInteger();
        AtomicLong frames = new AtomicLong();
        java.util.concurrent.atomic.AtomicIntegerArray perSocket = new java.util.concurrent.atomic.AtomicIntegerArray(count);
        AtomicReference<String> currentQuery = new AtomicReference<>();
        AtomicReference<CountDownLatch> completed = new AtomicReference<>(new CountDownLatch(count));
        List<String> recorded = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Boolean> done = new ConcurrentHashMap<>();

        BenchApi.User user = app ? api.signIn("bench-fanout", "bench-fanout-password") : null;
        String conversation = app ? api.createConversation(user, "fan-out") : java.util.UUID.randomUUID().toString();
        try (WsPeers peers = new WsPeers()) {
            List<WebSocket> sockets = peers.open(host, port, count, (index, text) -> {
                long now = micros(Instant.now());
                JsonNode frame = BenchApi.read(text);
                String type = frame.path("type").asText();
                if ("joined".equals(type)) {
                    joined.incrementAndGet();
                    return;
                }
                if (!frame.hasNonNull("timestamp")) {
                    return;
                }
                frames.incrementAndGet();
                perSocket.incrementAndGet(index);
                delivery.recordMicros(now - micros(Instant.parse(frame.get("timestamp").asText())));
                if (index == 0 && app) {
                    recorded.add(text);
                }
                if ("query:completed".equals(type) && frame.path("queryId").asText().equals(currentQuery.get())
                        && done.putIfAbsent(index, true) == null) {
                    completed.get().countDown();
                }
            });
            String join = BenchApi.write(Map.of("type", "join", "conversationId", conversation,
                    "token", user == null ? "" : user.token()));
            sockets.forEach(socket -> socket.writeTextMessage(join));
            waitFor(() -> joined.get() >= count, 60, "joined " + joined + " of " + count);
            System.out.println(count + " sockets joined");

            long missing = 0;
            long perRound = 0;
            for (int round = 0; round < rounds; round++) {
                done.clear();
                completed.set(new CountDownLatch(count));
                recorded.clear();
                for (int i = 0; i < count; i++) {
                    perSocket.set(i, 0);
                }
                if (app) {
                    var reply = api.send("POST", "/api/chat/message", user.token(),
                            Map.of("conversationId", conversation, "message", "Which services depend on express? #" + round));
                    if (reply.statusCode() != 202) {
                        throw new IllegalStateException("chat message: " + reply.statusCode() + " " + reply.body());
                    }
                    currentQuery.set(BenchApi.read(reply.body()).path("queryId").asText());
                } else {
                    var reply = api.send("POST", "/broadcast", null, null);
                    currentQuery.set(reply.body().trim());
                }
                if (!completed.get().await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("round " + round + ": only " + (count - completed.get().getCount())
                            + " sockets saw query:completed");
                }
                // let the stragglers of this round arrive before counting
                Thread.sleep(300);
                // every socket should have had what the best-served socket had
                perRound = 0;
                for (int i = 0; i < count; i++) {
                    perRound = Math.max(perRound, perSocket.get(i));
                }
                for (int i = 0; i < count; i++) {
                    missing += perRound - perSocket.get(i);
                }
                if (app && round == rounds - 1) {
                    Files.write(framesFile, new ArrayList<>(recorded));
                }
            }
            System.out.printf("RESULT sockets=%d rounds=%d frames_per_round=%d deliveries=%d missing=%d %s%n",
                    count, rounds, perRound, frames.get(), missing,
                    delivery.report("delivery"));
        }
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }
}
