package dev.devagent.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/** Many WebSocket connections from one Vert.x client; each text frame goes to the handler with its peer index. */
final class WsPeers implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions()
            .setMaxWebSockets(20_000).setConnectTimeout(10_000));
    private final List<WebSocket> sockets = new ArrayList<>();

    /** Opens {@code count} connections to ws://host:port/ws, at most 100 handshakes at a time. */
    List<WebSocket> open(String host, int port, int count, BiConsumer<Integer, String> onText) {
        for (int start = 0; start < count; start += 100) {
            List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 100); i++) {
                int index = i;
                CompletableFuture<WebSocket> opened = new CompletableFuture<>();
                // no Origin header: a server-side client, not a browser (the app admits browsers from CORS_ORIGIN only)
                client.webSocket(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws")
                        .setAllowOriginHeader(false)).onComplete(result -> {
                    if (result.failed()) {
                        opened.completeExceptionally(result.cause());
                        return;
                    }
                    WebSocket socket = result.result();
                    socket.textMessageHandler(text -> onText.accept(index, text));
                    opened.complete(socket);
                });
                batch.add(opened);
            }
            for (CompletableFuture<WebSocket> opened : batch) {
                try {
                    sockets.add(opened.get(30, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new IllegalStateException("WebSocket connection failed after " + sockets.size(), e);
                }
            }
        }
        return sockets;
    }

    @Override
    public void close() {
        sockets.forEach(socket -> socket.close());
        client.close();
        vertx.close();
    }
}
