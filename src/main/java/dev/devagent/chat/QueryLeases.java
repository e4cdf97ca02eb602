package dev.devagent.chat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
    static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String owner;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper mapper;
    private final PushPublisher activity;
    private final AgentProperties.Queries settings;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    // a first claim sweeps at once
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_INTERVAL_NANOS);

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
        sweepExhausted();
        // one statement: atomic as it is, no transaction around it
        List<ClaimedQuery> claimed = jdbc.query("""
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
                owner, leaseSeconds(), settings.maxAttempts(), limit);
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

    /**
     * Records a step of the work: the query's progress and the step's event, in one statement and only while the
     * query is still ours. False when it is not (cancelled, deleted or taken over): the caller stops.
     */
    public boolean step(ClaimedQuery query, int progress, String type, Map<String, ?> data) {
        return activity.publishIf("""
                guard AS (UPDATE queries SET progress = ?, updated_at = now()
                          WHERE id = ? AND lease_owner = ? AND status = 'processing' RETURNING id)""",
                List.of(progress, query.id(), owner), query.conversationId(), query.id(), type, data);
    }

    /**
     * Stores the answer and the assistant message, only if the lease is still ours: one statement, so the query,
     * the message, the conversation's time and the completion event commit together or not at all.
     */
    public boolean complete(ClaimedQuery query, QueryResult result, String agentType, Map<String, Object> metadata) {
        // released whatever happens: a query left in `held` would have its lease renewed forever
        try {
            return activity.publishIf("""
                    done AS (UPDATE queries SET status = 'completed', progress = 100, result = ?::jsonb, error = NULL,
                                    lease_owner = NULL, lease_expires_at = NULL, updated_at = now(), completed_at = now()
                             WHERE id = ? AND lease_owner = ? AND status = 'processing' RETURNING conversation_id),
                    answer AS (INSERT INTO messages (id, conversation_id, role, content, agent_type, metadata)
                               SELECT ?, conversation_id, 'assistant', ?, ?, ?::jsonb FROM done),
                    touched AS (UPDATE conversations SET updated_at = now()
                                WHERE id IN (SELECT conversation_id FROM done)),
                    guard AS (SELECT 1 FROM done)""",
                    Arrays.asList(json(result), query.id(), owner, UUID.randomUUID(), result.answer(), agentType,
                            json(metadata)),
                    query.conversationId(), query.id(), "query:completed",
                    Map.of("queryId", query.id(), "status", "completed", "result", result));
        } finally {
            release(query);
        }
    }

    public boolean fail(ClaimedQuery query, String error) {
        try {
            return activity.publishIf("""
                    guard AS (UPDATE queries SET status = 'failed', error = ?, lease_owner = NULL, lease_expires_at = NULL,
                                     updated_at = now(), completed_at = now()
                              WHERE id = ? AND lease_owner = ? AND status = 'processing' RETURNING id)""",
                    Arrays.asList(error, query.id(), owner), query.conversationId(), query.id(), "error",
                    Map.of("queryId", query.id(), "status", "failed", "error", error));
        } finally {
            release(query);
        }
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

    /**
     * Runs {@link #failExhausted()} at most once per {@link #SWEEP_INTERVAL_NANOS}: claims come with every accepted
     * question, while a lease takes tens of seconds to run out.
     */
    private void sweepExhausted() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
            failExhausted();
        }
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
