package dev.devagent.push;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

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

    /** Announces an event that is not stored (streamed tokens): live peers get it, replay does not. */
    public void publishLive(UUID conversationId, String queryId, String type, Map<String, ?> data) {
        notify(new PushEvent(null, type, conversationId, queryId, Instant.now(), null), json(data));
    }

    private void notify(PushEvent header, String dataJson) {
        String payload = payload(header, dataJson);
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            // a live-only event too large to announce is dropped: it can be neither sent nor replayed
            return;
        }
        // a live-only event (a streamed token) is its own transaction: committed without waiting for the
        // WAL flush, as nothing of it needs to survive a crash; one per token made the flush the bottleneck
        jdbc.queryForObject("SELECT set_config('synchronous_commit', 'off', true) || pg_notify(?, ?)::text",
                String.class, CHANNEL, payload);
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
