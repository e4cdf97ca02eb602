package dev.devagent.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.WebSocket;

/**
 * Chat intake under load: U users, each signed in with its own conversation joined over the WebSocket,
 * loop for D seconds: POST /api/chat/message (intake latency = until the 202), wait for the first
 * query:token of that query (first-token latency, from the POST) and its query:completed, think T ms.
 * Afterwards every accepted query is checked over REST: one that did not complete is counted lost.
 * Args: http base URL, WebSocket port, users, duration s, think ms.
 */
public final class ChatLoadClient {

    private ChatLoadClient() {
    }

    public static void main(String[] args) {
        BenchApi.runAndExit(ChatLoadClient::run, args);
    }

    private static void run(String[] args) throws Exception {
        BenchApi api = new BenchApi(args[0]);
        String host = java.net.URI.create(args[0]).getHost();
        int port = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        long durationMs = Long.parseLong(args[3]) * 1000;
        long thinkMs = Long.parseLong(args[4]);
        // the same load first for this long, not measured: the app's JIT compiles its paths then, as in a warm replica
        long warmupMs = args.length > 5 ? Long.parseLong(args[5]) * 1000 : 0;

        List<Session> sessions = signIn(api, users);
        System.out.println(users + " users signed in");
        LatencyStats intake = new LatencyStats();
        LatencyStats firstToken = new LatencyStats();
        LatencyStats completion = new LatencyStats();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        Set<String> accepted = ConcurrentHashMap.newKeySet();

        try (WsPeers peers = new WsPeers()) {
            List<WebSocket> sockets = peers.open(host, port, users, (index, text) -> sessions.get(index).onFrame(text));
            for (int i = 0; i < users; i++) {
                Session session = sessions.get(i);
                sockets.get(i).writeTextMessage(BenchApi.write(Map.of("type", "join",
                        "conversationId", session.conversation, "token", session.user.token())));
            }
            for (Session session : sessions) {
                session.joined.get(60, TimeUnit.SECONDS);
            }
            System.out.println(users + " sockets joined; warm-up for " + warmupMs / 1000 + " s, then load for "
                    + durationMs / 1000 + " s");

            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
            long end = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
            ExecutorService loops = Executors.newFixedThreadPool(users);
            List<Future<?>> running = new ArrayList<>();
            for (Session session : sessions) {
                running.add(loops.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < end) {
                        Asked asked = session.ask(api, "Which services depend on express? " + session.user.username()
                                + " #" + n++);
                        boolean measured = asked == null || asked.sentAt >= start;
                        if (asked == null) {
                            rejected.incrementAndGet();
                        } else {
                            accepted.add(asked.queryId);
                            try {
                                long doneAt = asked.completed.get(120, TimeUnit.SECONDS);
                                if (measured) {
                                    intake.recordNanos(asked.acceptedAt - asked.sentAt);
                                    completion.recordNanos(doneAt - asked.sentAt);
                                    if (asked.firstTokenAt.isDone()) {
                                        firstToken.recordNanos(asked.firstTokenAt.getNow(0L) - asked.sentAt);
                                    }
                                }
                            } catch (java.util.concurrent.TimeoutException e) {
                                timedOut.incrementAndGet();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        try {
                            Thread.sleep(thinkMs);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, start - System.nanoTime()));
            long cpuAtStart = processCpuNanos();
            System.out.println("measuring");
            for (Future<?> loop : running) {
                loop.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuAtStart) / 1e9;
            // the end of the measured load; what follows (the status of every accepted question) is not load
            System.out.println("measured");
            loops.shutdown();
            int lost = 0;
            int failed = 0;
            for (String queryId : accepted) {
                Session owner = sessions.get(0);
                for (Session session : sessions) {
                    if (session.asked.containsKey(queryId)) {
                        owner = session;
                    }
                }
                JsonNode status = BenchApi.read(api.send("GET", "/api/chat/query/" + queryId, owner.user.token(), null).body());
                String state = status.path("status").asText();
                if ("failed".equals(state)) {
                    failed++;
                } else if (!"completed".equals(state)) {
                    lost++;
                }
            }
            System.out.printf(java.util.Locale.ROOT,
                    "RESULT users=%d duration_s=%.1f accepted=%d completed=%d rejected=%d failed=%d lost=%d "
                            + "no_completion_event=%d throughput_qps=%.2f tokens_seen=%d client_cpu_s=%.1f %s %s %s%n",
                    users, seconds, accepted.size(), completion.count(), rejected.get(), failed, lost, timedOut.get(),
                    completion.count() / seconds, firstToken.count(), cpuSeconds, intake.report("intake"),
                    firstToken.report("first_token"), completion.report("completed"));
        }
    }

    /** This process's CPU time: the load client's own share of the machine during the load. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static List<Session> signIn(BenchApi api, int users) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Session>> futures = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String name = "bench-chat-" + i;
            futures.add(pool.submit(() -> {
                BenchApi.User user = api.signIn(name, name + "-password");
                return new Session(user, api.createConversation(user, "load " + name));
            }));
        }
        List<Session> sessions = new ArrayList<>();
        for (Future<Session> future : futures) {
            sessions.add(future.get(10, TimeUnit.MINUTES));
        }
        pool.shutdown();
        return sessions;
    }

    /** One question in flight: when it was sent and accepted, its first token and its completion (nanoTime). */
    private static final class Asked {
        final String queryId;
        final long sentAt;
        final long acceptedAt;
        final CompletableFuture<Long> firstTokenAt = new CompletableFuture<>();
        final CompletableFuture<Long> completed = new CompletableFuture<>();

        Asked(String queryId, long sentAt, long acceptedAt) {
            this.queryId = queryId;
            this.sentAt = sentAt;
            this.acceptedAt = acceptedAt;
        }
    }

    /** A user, its conversation and the events its socket saw, by query id (events may beat the 202). */
    private static final class Session {
        final BenchApi.User user;
        final String conversation;
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        final Map<String, Long> firstTokens = new ConcurrentHashMap<>();
        final Map<String, Long> completions = new ConcurrentHashMap<>();
        final Map<String, Asked> asked = new ConcurrentHashMap<>();

        Session(BenchApi.User user, String conversation) {
            this.user = user;
            this.conversation = conversation;
        }

        Asked ask(BenchApi api, String question) {
            long sent = System.nanoTime();
            var reply = api.send("POST", "/api/chat/message", user.token(),
                    Map.of("conversationId", conversation, "message", question));
            long acceptedAt = System.nanoTime();
            if (reply.statusCode() != 202) {
                System.err.println("rejected: " + reply.statusCode() + " " + reply.body());
                return null;
            }
            Asked asked = new Asked(BenchApi.read(reply.body()).path("queryId").asText(), sent, acceptedAt);
            this.asked.put(asked.queryId, asked);
            settle(asked.queryId);
            return asked;
        }

        void onFrame(String text) {
            long now = System.nanoTime();
            JsonNode frame = BenchApi.read(text);
            String type = frame.path("type").asText();
            String queryId = frame.path("queryId").asText(null);
            if ("joined".equals(type)) {
                joined.complete(null);
            } else if (queryId != null && "query:token".equals(type)) {
                firstTokens.putIfAbsent(queryId, now);
                settle(queryId);
            } else if (queryId != null && ("query:completed".equals(type) || "error".equals(type))) {
                completions.putIfAbsent(queryId, now);
                settle(queryId);
            }
        }

        private void settle(String queryId) {
            Asked question = asked.get(queryId);
            if (question == null) {
                return;
            }
            Long token = firstTokens.get(queryId);
            if (token != null) {
                question.firstTokenAt.complete(token);
            }
            Long done = completions.get(queryId);
            if (done != null) {
                question.completed.complete(done);
            }
        }
    }
}
