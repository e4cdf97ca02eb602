package dev.devagent.chat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the events a client may need to replay (progress, agent/task, completed) to agent_activity.
 * The push layer delivers them live; the stored id lets a client resume after a reconnect.
 */
@Component("activityLog")
public class ActivityLog {

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    ActivityLog(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public long record(UUID conversationId, String queryId, String type, Map<String, ?> data) {
        try {
            Long id = jdbc.queryForObject("""
                    INSERT INTO agent_activity (conversation_id, query_id, type, data)
                    VALUES (?, ?, ?, ?::jsonb) RETURNING id""",
                    Long.class, conversationId, queryId, type, mapper.writeValueAsString(data));
            return id == null ? -1 : id;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serialisable", e);
        }
    }
}
