package dev.devagent.push;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.ProducerTemplate;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * LISTENs on a dedicated PostgreSQL connection (not the pool) and hands every announced event to the
 * {@code push-deliver} route, so each replica delivers to its own WebSocket peers. Reconnects by itself;
 * events missed meanwhile are still stored and replayed to clients that rejoin with afterId.
 */
@Component
class PgEventListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PgEventListener.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final ProducerTemplate producer;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;
    // ids handed on recently (commit order is not id order, so no watermark), and when the link was lost
    private final java.util.Set<Long> recent = java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Long, Boolean> eldest) {
                    return size() > RECENT_IDS;
                }
            });
    private volatile Instant disconnectedAt;
    static final int RECENT_IDS = 20_000;

    PgEventListener(DataSource dataSource, JdbcTemplate jdbc, ObjectMapper mapper, ProducerTemplate producer) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.producer = producer;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listenLoop, "pg-event-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** True once LISTEN is active (tests wait for it). */
    boolean isListening() {
        return listening;
    }

    private void listenLoop() {
        long backoffMs = 500;
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + PushPublisher.CHANNEL);
                catchUp();
                listening = true;
                backoffMs = 500;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        deliver(notification.getParameter());
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (disconnectedAt == null) {
                    disconnectedAt = Instant.now();
                }
                if (!running) {
                    return;
                }
                log.warn("Event listener lost its database connection ({}); retrying in {} ms", e.getMessage(), backoffMs);
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
        listening = false;
    }

    /** One announcement: an event, a reference to a stored one, or an array of live events announced together. */
    private void deliver(String payload) {
        JsonNode node;
        try {
            node = mapper.readTree(payload);
        } catch (Exception e) {
            log.warn("Could not read an announcement: {}", e.toString());
            return;
        }
        if (node.isArray()) {
            node.forEach(this::deliver);
        } else {
            deliver(node);
        }
    }

    private void deliver(JsonNode node) {
        try {
            PushEvent event = node.has("ref") ? load(node.get("ref").asLong()) : toEvent(node);
            if (event != null) {
                handOn(event);
            }
        } catch (Exception e) {
            // one bad event must not stop the listener
            log.warn("Could not deliver an event: {}", e.toString());
        }
    }

    private void handOn(PushEvent event) {
        if (event.isStored() && !recent.add(event.id())) {
            return;
        }
        producer.sendBody("direct:push-deliver", event);
    }

    /**
     * NOTIFY reaches only connected listeners: after a (re)connect, stored events newer than the last one
     * handed on are read back from agent_activity, so live clients miss nothing across the gap.
     */
    private void catchUp() {
        Instant since = disconnectedAt;
        if (since == null) {
            return;
        }
        // a little before the loss: a transaction may have committed just as the link went down
        List<PushEvent> missed = jdbc.query("""
                SELECT id, type, conversation_id, query_id, created_at, data::text AS data
                FROM agent_activity WHERE created_at > ? ORDER BY id LIMIT 10000""", this::row,
                java.sql.Timestamp.from(since.minusSeconds(5)));
        disconnectedAt = null;
        if (!missed.isEmpty()) {
            log.info("Catching up {} events missed while reconnecting", missed.size());
        }
        missed.forEach(this::handOn);
    }

    private PushEvent toEvent(JsonNode node) {
        return new PushEvent(node.hasNonNull("id") ? node.get("id").asLong() : null, node.get("type").asText(),
                node.hasNonNull("conversationId") ? UUID.fromString(node.get("conversationId").asText()) : null,
                node.hasNonNull("queryId") ? node.get("queryId").asText() : null,
                Instant.parse(node.get("timestamp").asText()),
                mapper.convertValue(node.get("data"), MAP));
    }

    private PushEvent load(long id) {
        var rows = jdbc.query("""
                SELECT id, type, conversation_id, query_id, created_at, data::text AS data
                FROM agent_activity WHERE id = ?""", this::row, id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private PushEvent row(java.sql.ResultSet rs, int i) throws SQLException {
        try {
            return new PushEvent(rs.getLong("id"), rs.getString("type"), rs.getObject("conversation_id", UUID.class),
                    rs.getString("query_id"), rs.getTimestamp("created_at").toInstant(),
                    mapper.readValue(rs.getString("data"), MAP));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari) {
            return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
        }
        return dataSource.getConnection();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
