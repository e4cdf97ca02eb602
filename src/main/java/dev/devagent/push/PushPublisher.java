package dev.devagent.push;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores events in agent_activity and announces them with PostgreSQL NOTIFY in the same transaction,
 * so every replica pushes them to its own peers, and only once they are committed. Payloads above the
 * NOTIFY limit travel as a reference that listeners read back by id.
 */
@Component("pushPublisher")
public class PushPublisher {

    public static final String CHANNEL = "agent_events";
    // NOTIFY payloads must stay under 8000 bytes
    static final int MAX_PAYLOAD_BYTES = 7500;

    private static final String STORE = "INSERT INTO agent_activity (conversation_id, query_id, type, data)";
    // closes the `event` CTE: the stored row as clients get it, announced on commit (as a reference when too large)
    private static final String ANNOUNCE = """

                RETURNING id, jsonb_build_object('id', id, 'type', type, 'conversationId', conversation_id,
                    'queryId', query_id, 'timestamp', created_at, 'data', data)::text AS payload)
            SELECT id FROM event, LATERAL (SELECT pg_notify(?, CASE WHEN octet_length(payload) > ?
                THEN jsonb_build_object('ref', id)::text ELSE payload END)) announced""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    // live-only events waiting for a NOTIFY; whoever holds `announcing` sends all of them
    final Queue<LiveEvent> queued = new ConcurrentLinkedQueue<>();
    final ReentrantLock announcing = new ReentrantLock(true);
    // NOTIFYs sent for live-only events (tests)
    final AtomicLong liveAnnouncements = new AtomicLong();

    PushPublisher(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Stores the event (for replay) and announces it; returns its id. One statement does both, so the event is
     * announced when, and only if, it commits — with the caller's transaction when there is one — in a single
     * round trip (an insert, a notify and a commit each took one before). The announcement is the event as
     * clients get it; one over the NOTIFY limit is announced as a reference that listeners read back by id.
     */
    public long publish(UUID conversationId, String queryId, String type, Map<String, ?> data) {
        Long id = jdbc.queryForObject("WITH event AS (" + STORE + " VALUES (?, ?, ?, ?::jsonb)" + ANNOUNCE,
                Long.class, conversationId, queryId, type, json(data), CHANNEL, MAX_PAYLOAD_BYTES);
        return id == null ? -1 : id;
    }

    /**
     * Runs {@code guard} and stores and announces the event only if it yields a row, all in one statement: one
     * round trip, atomic without a transaction. {@code guard} is the text of common table expressions, the
     * last one named {@code guard} — typically a conditional {@code UPDATE … RETURNING} whose change the event
     * reports, so that the change and its event commit together or not at all. True if the guard matched.
     */
    public boolean publishIf(String guard, List<?> guardArgs, UUID conversationId, String queryId, String type,
                             Map<String, ?> data) {
        List<Object> args = new ArrayList<>(guardArgs);
        args.addAll(Arrays.asList(conversationId, queryId, type, json(data), CHANNEL, MAX_PAYLOAD_BYTES));
        List<Long> ids = jdbc.queryForList("WITH " + guard + ", event AS (" + STORE
                + " SELECT ?, ?, ?, ?::jsonb WHERE EXISTS (SELECT 1 FROM guard)" + ANNOUNCE, Long.class, args.toArray());
        return !ids.isEmpty();
    }

    /**
     * Announces an event that is not stored (streamed tokens): live peers get it, replay does not. Returns once it
     * is announced, so what the caller announces next comes after it. Concurrent callers share announcements
     * (group commit): while one NOTIFY is on its way, the events queued behind it go out together in the next one,
     * as a JSON array, so under load many answers' tokens cost one round trip instead of one each.
     */
    public void publishLive(UUID conversationId, String queryId, String type, Map<String, ?> data) {
        String payload = payload(new PushEvent(null, type, conversationId, queryId, Instant.now(), null), json(data));
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            // a live-only event too large to announce is dropped: it can be neither sent nor replayed
            return;
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // inside the caller's transaction it is announced on that commit, never with other callers' events
            announce(payload);
            return;
        }
        LiveEvent event = new LiveEvent(payload, bytes, new CompletableFuture<>());
        queued.add(event);
        announcing.lock();
        try {
            // the holder before may have announced it already, with its own
            if (!event.announced().isDone()) {
                announceQueued();
            }
        } finally {
            announcing.unlock();
        }
        try {
            event.announced().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Announces the live events queued now (its own among them), oldest first and as many to a NOTIFY as fit
     * under the limit. Those queued meanwhile go with the next caller to take the lock, so no caller keeps
     * announcing for others while a steady stream arrives.
     */
    private void announceQueued() {
        List<LiveEvent> batch = new ArrayList<>();
        int bytes = 2;
        for (int left = queued.size(); left > 0; left--) {
            LiveEvent next = queued.poll();
            if (!batch.isEmpty() && bytes + next.bytes() + 1 > MAX_PAYLOAD_BYTES) {
                announce(batch);
                batch = new ArrayList<>();
                bytes = 2;
            }
            batch.add(next);
            bytes += next.bytes() + 1;
        }
        if (!batch.isEmpty()) {
            announce(batch);
        }
    }

    private void announce(List<LiveEvent> batch) {
        try {
            announce(batch.size() == 1 ? batch.get(0).payload()
                    : batch.stream().map(LiveEvent::payload).collect(Collectors.joining(",", "[", "]")));
            batch.forEach(event -> event.announced().complete(null));
        } catch (RuntimeException e) {
            batch.forEach(event -> event.announced().completeExceptionally(e));
        }
    }

    private void announce(String payload) {
        // a live-only announcement is its own transaction: committed without waiting for the WAL flush, as
        // nothing of it needs to survive a crash; one per token made the flush the bottleneck
        jdbc.queryForObject("SELECT set_config('synchronous_commit', 'off', true) || pg_notify(?, ?)::text",
                String.class, CHANNEL, payload);
        liveAnnouncements.incrementAndGet();
    }

    private record LiveEvent(String payload, int bytes, CompletableFuture<Void> announced) {
    }

    private String payload(PushEvent header, String dataJson) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode node = mapper.valueToTree(header);
            // the data is this class's own serialisation: written as it is, not parsed again
            node.putRawValue("data", new com.fasterxml.jackson.databind.util.RawValue(dataJson));
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event is not serialisable", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value == null ? Map.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serialisable", e);
        }
    }
}
