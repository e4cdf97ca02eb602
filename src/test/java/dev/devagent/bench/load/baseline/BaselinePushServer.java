package dev.devagent.bench.load.baseline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

/**
 * The push benchmark's baseline: a bare Vert.x WebSocket server. A text frame is answered with
 * {"type":"joined"}; POST /broadcast replays the frames recorded from the app (one JSON per line), with
 * their original spacing and a fresh timestamp, to every socket, and answers with their queryId.
 * Args: port, frames file.
 */
public final class BaselinePushServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BaselinePushServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String> frames = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
        String queryId = JSON.readTree(frames.get(0)).path("queryId").asText();
        Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer()
                .webSocketHandler(socket -> {
                    sockets.add(socket);
                    socket.closeHandler(closed -> sockets.remove(socket));
                    socket.textMessageHandler(text -> socket.writeTextMessage("{\"type\":\"joined\"}"));
                })
                .requestHandler(request -> {
                    Thread replay = new Thread(() -> replay(frames, sockets), "broadcast");
                    replay.start();
                    request.response().end(queryId);
                })
                .listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
        System.out.println("baseline push server on " + port + " with " + frames.size() + " frames");
    }

    private static void replay(List<String> frames, Set<ServerWebSocket> sockets) {
        try {
            Instant previous = null;
            for (String line : frames) {
                ObjectNode frame = (ObjectNode) JSON.readTree(line);
                Instant original = Instant.parse(frame.get("timestamp").asText());
                if (previous != null) {
                    long gap = Math.min(1000, Math.max(0, Duration.between(previous, original).toMillis()));
                    Thread.sleep(gap);
                }
                previous = original;
                frame.put("timestamp", Instant.now().toString());
                String json = JSON.writeValueAsString(frame);
                for (ServerWebSocket socket : sockets) {
                    socket.writeTextMessage(json);
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
