package dev.devagent.chat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.chat.ChatModels.QueryResult;
import dev.devagent.platform.AgentProperties;
import dev.devagent.push.PushPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable work queue is the queries table. A worker claims rows with FOR UPDATE SKIP LOCKED and a
 * lease it renews while working; a crashed worker's lease expires and another replica resumes the
 * query, or fails it after max-attempts. Completion is conditional on still holding the lease, so a
 * query is never finished twice.
 */
public class QueryLeases {

    private static final Logger log = LoggerFactory.getLogger(QueryLeases.class);

    private final String owner;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper mapper;
    private final PushPublisher activity;
    private final AgentProperties.Queries settings;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public QueryLeases(String owner, JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper mapper,
                       PushPublisher activity, AgentProperties.Queries settings) {
        this.owner = owner;
        this.jdbc = jdbc;
        this.tx = tx;
        this.mapper = mapper;
        this.activity = activity;
        this.settings = settings;
    }

    public String owner() {
        return owner;
    }

    /** Claims up to the free worker slots; returns nothing when all workers are busy. */
    /** Synchronized: the poll and an intake's wake-up may ask at once, and together they must not over-claim. */
    public synchronized List<ClaimedQuery> claimBatch() {
        int free = settings.workers() - held.size();
        return free <= 0 ? List.of() : claim(free);
    }

    public List<ClaimedQuery> claim(int limit) {
        failExhausted();
        List<ClaimedQuery> claimed = tx.execute(status -> jdbc.query("""
                UPDATE queries q SET lease_owner = ?, lease_expires_at = now() + make_interval(secs => ?),
                       attempts = q.attempts + 1, updated_at = now()
                FROM (SELECT id FROM queries
                      WHERE status = 'processing' AND (lease_expires_at IS NULL OR lease_expires_at < now())
                        AND attempts < ?
                      ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED) free
                WHERE q.id = free.id
                RETURNING q.id, q.conversation_id, q.user_id, q.message_id, q.query_text, q.attempts""",
                (rs, i) -> new ClaimedQuery(rs.getString("id"), rs.getObject("conversation_id", UUID.class),
                        rs.getObject("user_id", UUID.class), rs.getObject("message_id", UUID.class),
                        rs.getString("query_text"), rs.getInt("attempts"), owner),
                owner, leaseSeconds(), settings.maxAttempts(), limit));
        claimed.forEach(q -> held.add(q.id()));
        return claimed;
    }

    /** Extends the lease of every query this worker still holds; called well within the lease duration. */
    public int renew() {
        if (held.isEmpty()) {
            return 0;
        }
        return jdbc.update("""
                UPDATE queries SET lease_expires_at = now() + make_interval(secs => ?)
                WHERE lease_owner = ? AND status = 'processing' AND id = ANY (?)""",
                leaseSeconds(), owner, held.toArray(String[]::new));
    }

    /** True while the query is still ours to work on (not cancelled, deleted or taken over). */
    public boolean stillHeld(String queryId) {
        Boolean ours = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM queries WHERE id = ? AND lease_owner = ? AND status = 'processing')""",
                Boolean.class, queryId, owner);
        return Boolean.TRUE.equals(ours);
    }

    public void progress(ClaimedQuery query, int progress) {
        jdbc.update("UPDATE queries SET progress = ?, updated_at = now() WHERE id = ? AND lease_owner = ? AND status = 'processing'",
                progress, query.id(), owner);
    }

    /** Stores the answer and the assistant message in one transaction, only if the lease is still ours. */
    public boolean complete(ClaimedQuery query, QueryResult result, String agentType, Map<String, Object> metadata) {
        String resultJson = json(result);
        Boolean done;
        // released whatever happens: a query left in `held` would have its lease renewed forever
        try {
            done = tx.execute(status -> {
                int updated = jdbc.update("""
                        UPDATE queries SET status = 'completed', progress = 100, result = ?::jsonb, error = NULL,
                               lease_owner = NULL, lease_expires_at = NULL, updated_at = now(), completed_at = now()
                        WHERE id = ? AND lease_owner = ? AND status = 'processing'""", resultJson, query.id(), owner);
                if (updated == 0) {
                    return false;
                }
                jdbc.update("""
                        INSERT INTO messages (id, conversation_id, role, content, agent_type, metadata)
                        VALUES (?, ?, 'assistant', ?, ?, ?::jsonb)""",
                        UUID.randomUUID(), query.conversationId(), result.answer(), agentType, json(metadata));
                jdbc.update("UPDATE conversations SET updated_at = now() WHERE id = ?", query.conversationId());
                activity.publish(query.conversationId(), query.id(), "query:completed",
                        Map.of("queryId", query.id(), "status", "completed", "result", result));
                return true;
            });
        } finally {
            release(query);
        }
        return Boolean.TRUE.equals(done);
    }

    public boolean fail(ClaimedQuery query, String error) {
        Boolean failed;
        try {
            failed = tx.execute(status -> {
                int updated = jdbc.update("""
                        UPDATE queries SET status = 'failed', error = ?, lease_owner = NULL, lease_expires_at = NULL,
                               updated_at = now(), completed_at = now()
                        WHERE id = ? AND lease_owner = ? AND status = 'processing'""", error, query.id(), owner);
                if (updated > 0) {
                    activity.publish(query.conversationId(), query.id(), "error",
                            Map.of("queryId", query.id(), "status", "failed", "error", error));
                }
                return updated > 0;
            });
        } finally {
            release(query);
        }
        return Boolean.TRUE.equals(failed);
    }

    public void release(ClaimedQuery query) {
        held.remove(query.id());
    }

    public boolean isHeld(String queryId) {
        return held.contains(queryId);
    }

    public int heldCount() {
        return held.size();
    }

    /** Queries whose lease expired after their last allowed attempt are failed visibly, not retried forever. */
    int failExhausted() {
        return tx.execute(status -> {
            var rows = jdbc.queryForList("""
                    UPDATE queries SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
                           error = 'processing was interrupted ' || attempts || ' times; giving up',
                           updated_at = now(), completed_at = now()
                    WHERE status = 'processing' AND attempts >= ? AND lease_expires_at < now()
                    RETURNING id, conversation_id, error""", settings.maxAttempts());
            for (var row : rows) {
                log.warn("Query {} failed after {} interrupted attempts", row.get("id"), settings.maxAttempts());
                activity.publish((UUID) row.get("conversation_id"), (String) row.get("id"), "error",
                        Map.of("queryId", row.get("id"), "status", "failed", "error", row.get("error")));
            }
            return rows.size();
        });
    }

    private double leaseSeconds() {
        return settings.leaseDuration().toMillis() / 1000.0;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
