package dev.devagent.push;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper mapper;

    PushPublisher(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.mapper = mapper;
    }

    /** Stores the event (for replay) and announces it; returns its id. */
    public long publish(UUID conversationId, String queryId, String type, Map<String, ?> data) {
        String dataJson = json(data);
        Long id = tx.execute(status -> {
            var row = jdbc.queryForMap("""
                    INSERT INTO agent_activity (conversation_id, query_id, type, data)
                    VALUES (?, ?, ?, ?::jsonb) RETURNING id, created_at""", conversationId, queryId, type, dataJson);
            long eventId = ((Number) row.get("id")).longValue();
            Instant created = ((java.sql.Timestamp) row.get("created_at")).toInstant();
            notify(new PushEvent(eventId, type, conversationId, queryId, created, null), dataJson);
            return eventId;
        });
        return id == null ? -1 : id;
    }

    /** Announces an event that is not stored (streamed tokens): live peers get it, replay does not. */
    public void publishLive(UUID conversationId, String queryId, String type, Map<String, ?> data) {
        notify(new PushEvent(null, type, conversationId, queryId, Instant.now(), null), json(data));
    }

    private void notify(PushEvent header, String dataJson) {
        String payload = payload(header, dataJson);
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            if (!header.isStored()) {
                // a live-only event too large to announce is dropped: it can be neither sent nor replayed
                return;
            }
            payload = "{\"ref\":" + header.id() + "}";
        }
        if (header.isStored()) {
            // inside the transaction that stores the event: announced when, and only if, it commits
            jdbc.queryForObject("SELECT pg_notify(?, ?)::text", String.class, CHANNEL, payload);
        } else {
            // a live-only event (a streamed token) is its own transaction: committed without waiting for the
            // WAL flush, as nothing of it needs to survive a crash; one per token made the flush the bottleneck
            jdbc.queryForObject("SELECT set_config('synchronous_commit', 'off', true) || pg_notify(?, ?)::text",
                    String.class, CHANNEL, payload);
        }
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
