package dev.devagent.push;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.security.AuthUser;
import dev.devagent.security.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.Exchange;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConstants;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The WebSocket side of push: the frames of DESIGN §7 (join/subscribe/leave/ping), conversation
 * ownership, replay after a reconnect (stored events after {@code afterId}, then live ones, with no gap
 * and no duplicate across the switch) and delivery of announced events to this replica's peers.
 */
@Component("pushHub")
public class PushHub {

    private static final Logger log = LoggerFactory.getLogger(PushHub.class);
    static final short BAD_TOKEN = 4401;
    static final short FORBIDDEN = 4403;
    private static final int MAX_EARLY_FRAMES = 16;
    static final int REPLAY_LIMIT = 5000;

    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    // who joined each conversation: an event costs its conversation's sockets, not every connected one
    private final Map<UUID, java.util.Set<Peer>> joined = new ConcurrentHashMap<>();
    // frames that arrived before their connection's OPEN (guarded by itself)
    private final Map<String, List<String>> early = new java.util.HashMap<>();
    private final TokenVerifier tokens;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Counter received;
    private final Counter sent;
    private final Counter opened;

    PushHub(TokenVerifier tokens, JdbcTemplate jdbc, ObjectMapper mapper, MeterRegistry meters) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.mapper = mapper;
        Gauge.builder("websocket_connections_active", peers, Map::size)
                .description("Open WebSocket connections on this replica").register(meters);
        this.received = meters.counter("websocket_messages_received");
        this.sent = meters.counter("websocket_messages_sent");
        this.opened = meters.counter("websocket_connections");
    }

    /** Entry point of the push-websocket route: connection events and client frames. */
    public void onWebSocket(Exchange exchange) {
        String key = exchange.getMessage().getHeader(VertxWebsocketConstants.CONNECTION_KEY, String.class);
        VertxWebsocketEvent event = exchange.getMessage().getHeader(VertxWebsocketConstants.EVENT,
                VertxWebsocketEvent.class);
        if (key == null || event == null) {
            return;
        }
        switch (event) {
            case OPEN -> {
                ServerWebSocket socket = exchange.getMessage().getBody(ServerWebSocket.class);
                // a CLOSE may overtake the OPEN as well: then there is nothing to register
                if (socket != null && !socket.isClosed()) {
                    Peer peer = new Peer(key, socket);
                    List<String> backlog;
                    synchronized (early) {
                        peers.put(key, peer);
                        backlog = early.remove(key);
                    }
                    opened.increment();
                    if (backlog != null) {
                        backlog.forEach(text -> onFrame(peer, text));
                    }
                }
            }
            case MESSAGE -> {
                String text = exchange.getMessage().getBody(String.class);
                Peer peer;
                synchronized (early) {
                    peer = peers.get(key);
                    if (peer == null) {
                        // the component hands events to worker threads unordered: a client's first frame can
                        // overtake the OPEN of its connection; keep it until the OPEN is through
                        List<String> waiting = early.computeIfAbsent(key, k -> new ArrayList<>());
                        if (waiting.size() < MAX_EARLY_FRAMES) {
                            waiting.add(text);
                        }
                        return;
                    }
                }
                received.increment();
                onFrame(peer, text);
            }
            case CLOSE, ERROR -> {
                Peer gone;
                synchronized (early) {
                    gone = peers.remove(key);
                    early.remove(key);
                }
                if (gone != null) {
                    unindexAll(gone);
                }
            }
        }
    }

    /** Entry point of the push-deliver route: an event announced by any replica. */
    public void deliver(PushEvent event) {
        if (PushEvent.REPOSITORY_PROGRESS.equals(event.type())) {
            String json = serialise(event);
            for (Peer peer : peers.values()) {
                if (peer.repositories) {
                    peer.send(json);
                }
            }
            return;
        }
        java.util.Set<Peer> audience = event.conversationId() == null ? null : joined.get(event.conversationId());
        if (audience == null || audience.isEmpty()) {
            return;
        }
        String json = serialise(event);
        for (Peer peer : audience) {
            peer.offer(event.conversationId(), event, json);
        }
    }

    /** Sockets on this replica that joined the conversation (tests). */
    int joinedTo(UUID conversation) {
        java.util.Set<Peer> audience = joined.get(conversation);
        return audience == null ? 0 : audience.size();
    }

    private void index(UUID conversation, Peer peer) {
        joined.compute(conversation, (id, audience) -> {
            java.util.Set<Peer> set = audience == null ? ConcurrentHashMap.newKeySet() : audience;
            set.add(peer);
            return set;
        });
        if (peers.get(peer.key) != peer) {
            // the socket closed while it was joining: its close found nothing to remove yet
            unindex(conversation, peer);
        }
    }

    /** A socket that closed: it leaves every conversation's audience. */
    private void unindexAll(Peer peer) {
        peer.conversations.keySet().forEach(conversation -> unindex(conversation, peer));
    }

    private void unindex(UUID conversation, Peer peer) {
        joined.computeIfPresent(conversation, (id, audience) -> {
            audience.remove(peer);
            return audience.isEmpty() ? null : audience;
        });
    }

    public int connections() {
        return peers.size();
    }

    private void onFrame(Peer peer, String text) {
        JsonNode frame;
        try {
            frame = mapper.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            peer.error("Malformed frame", "frames are JSON objects with a type");
            return;
        }
        if (frame == null || !frame.isObject()) {
            peer.error("Malformed frame", "frames are JSON objects with a type");
            return;
        }
        String type = frame.path("type").asText("");
        switch (type) {
            case "ping" -> peer.send("{\"type\":\"pong\"}");
            case "join" -> join(peer, frame);
            case "leave" -> leave(peer, frame);
            case "subscribe" -> subscribe(peer, frame);
            default -> peer.error("Unknown frame type", "expected join, leave, subscribe or ping");
        }
    }

    private void join(Peer peer, JsonNode frame) {
        Optional<AuthUser> user = tokens.verify(frame.path("token").asText(null));
        if (user.isEmpty()) {
            peer.close(BAD_TOKEN, "invalid or expired token");
            return;
        }
        UUID conversation = parseUuid(frame.path("conversationId").asText(""));
        if (conversation == null) {
            peer.error("Invalid conversation id", "conversationId must be a UUID");
            return;
        }
        if (!mayRead(user.get(), conversation)) {
            peer.close(FORBIDDEN, "not your conversation");
            return;
        }
        JsonNode after = frame.get("afterId");
        if (after != null && !after.isNull() && !after.canConvertToLong()) {
            peer.error("Invalid afterId", "afterId must be an event id (a whole number)");
            return;
        }
        Long afterId = after == null || after.isNull() ? null : after.asLong();
        peer.startJoin(conversation);
        peer.send("{\"type\":\"joined\",\"conversationId\":\"" + conversation + "\"}");
        List<Long> replayed = new ArrayList<>();
        if (afterId != null) {
            for (PushEvent stored : storedAfter(conversation, afterId)) {
                peer.send(serialise(stored));
                replayed.add(stored.id());
            }
        }
        peer.finishJoin(conversation, afterId == null ? 0 : afterId, replayed, this::serialise);
    }

    private void leave(Peer peer, JsonNode frame) {
        UUID conversation = parseUuid(frame.path("conversationId").asText(""));
        if (conversation != null) {
            peer.conversations.remove(conversation);
            unindex(conversation, peer);
        }
    }

    private void subscribe(Peer peer, JsonNode frame) {
        if (tokens.verify(frame.path("token").asText(null)).isEmpty()) {
            peer.close(BAD_TOKEN, "invalid or expired token");
            return;
        }
        if (!"repositories".equals(frame.path("topic").asText())) {
            peer.error("Unknown topic", "the only topic is repositories");
            return;
        }
        peer.repositories = true;
        peer.send("{\"type\":\"subscribed\",\"topic\":\"repositories\"}");
    }

    private boolean mayRead(AuthUser user, UUID conversation) {
        List<UUID> owners = jdbc.queryForList("SELECT user_id FROM conversations WHERE id = ?", UUID.class,
                conversation);
        return !owners.isEmpty() && (owners.get(0).equals(user.id()) || user.isAdmin());
    }

    private List<PushEvent> storedAfter(UUID conversation, long afterId) {
        return jdbc.query("""
                SELECT id, type, query_id, created_at, data::text AS data FROM agent_activity
                WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?""", (rs, i) -> {
            try {
                return new PushEvent(rs.getLong("id"), rs.getString("type"), conversation, rs.getString("query_id"),
                        rs.getTimestamp("created_at").toInstant(),
                        mapper.readValue(rs.getString("data"), new com.fasterxml.jackson.core.type.TypeReference<
                                Map<String, Object>>() { }));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }, conversation, afterId, REPLAY_LIMIT);
    }

    private String serialise(PushEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static UUID parseUuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One connection: its socket, its conversations and their replay state. All sends are serialised. */
    private final class Peer {

        private final String key;
        private final ServerWebSocket socket;
        private final Map<UUID, Subscription> conversations = new ConcurrentHashMap<>();
        private volatile boolean repositories;

        Peer(String key, ServerWebSocket socket) {
            this.key = key;
            this.socket = socket;
        }

        synchronized void send(String json) {
            if (!socket.isClosed()) {
                socket.writeTextMessage(json);
                sent.increment();
            }
        }

        synchronized void startJoin(UUID conversation) {
            // live events that arrive while joining wait in the buffer, so "joined" and the replay go first
            conversations.put(conversation, new Subscription());
            index(conversation, this);
        }

        /** Ends the replay: buffered live events not replayed already go out, then live mode. */
        synchronized void finishJoin(UUID conversation, long afterId, List<Long> replayed,
                                     java.util.function.Function<PushEvent, String> json) {
            Subscription sub = conversations.get(conversation);
            if (sub == null) {
                return;
            }
            sub.afterId = afterId;
            sub.sentIds.addAll(replayed);
            for (PushEvent buffered : sub.buffer) {
                if (sub.isNew(buffered)) {
                    send(json.apply(buffered));
                }
            }
            sub.buffer.clear();
            sub.replaying = false;
        }

        synchronized void offer(UUID conversation, PushEvent event, String json) {
            Subscription sub = conversations.get(conversation);
            if (sub == null) {
                return;
            }
            if (sub.replaying) {
                sub.buffer.add(event);
            } else if (sub.isNew(event)) {
                send(json);
            }
        }

        void error(String error, String details) {
            try {
                send(mapper.writeValueAsString(Map.of("type", "error", "data", Map.of("error", error, "details", details))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        void close(short code, String reason) {
            log.info("Closing WebSocket {} with {}: {}", key, code, reason);
            peers.remove(key);
            unindexAll(this);
            socket.close(code, reason);
        }
    }

    /**
     * Commit order is not id order: replicas and workers write events of one conversation concurrently, so
     * an event may arrive after one with a larger id. Duplicates are recognised by id, not by a watermark,
     * which would drop such late events.
     */
    private static final class Subscription {

        private static final int REMEMBERED_IDS = 4096;

        private volatile boolean replaying;
        private long afterId;
        private final java.util.Set<Long> sentIds = java.util.Collections.newSetFromMap(
                new java.util.LinkedHashMap<>(64, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                        return size() > REMEMBERED_IDS;
                    }
                });
        private final List<PushEvent> buffer = new ArrayList<>();

        private Subscription() {
            this.replaying = true;
        }

        /** Live-only events always; stored ones once, and only those after the client's afterId. */
        boolean isNew(PushEvent event) {
            return !event.isStored() || event.id() > afterId && sentIds.add(event.id());
        }
    }
}
