package dev.devagent.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.chat.ChatModels.ConversationList;
import dev.devagent.chat.ChatModels.ConversationView;
import dev.devagent.chat.ChatModels.CreateConversationRequest;
import dev.devagent.chat.ChatModels.Deleted;
import dev.devagent.chat.ChatModels.MessageList;
import dev.devagent.chat.ChatModels.MessageView;
import dev.devagent.platform.AgentProperties;
import dev.devagent.platform.ApiException;
import dev.devagent.security.AuthUser;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Conversations and their messages, always scoped to the caller (another user's conversation is 404). */
@Component("conversations")
public class Conversations {

    static final int DEFAULT_MESSAGE_LIMIT = 50;
    static final int MAX_MESSAGE_LIMIT = 500;
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final int maxTitleChars;

    Conversations(JdbcTemplate jdbc, ObjectMapper mapper, AgentProperties properties) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.maxTitleChars = properties.limits().maxTitleChars();
    }

    public ConversationView create(AuthUser user, CreateConversationRequest request) {
        String title = request == null || request.title() == null || request.title().isBlank()
                ? "New conversation" : request.title().strip();
        return insert(user.id(), title);
    }

    ConversationView insert(UUID userId, String title) {
        UUID id = UUID.randomUUID();
        return jdbc.queryForObject("""
                INSERT INTO conversations (id, user_id, title) VALUES (?, ?, ?)
                RETURNING id, title, created_at, updated_at""",
                Conversations::toView, id, userId, fitTitle(title));
    }

    /** A title as stored: cut to the configured length. */
    String fitTitle(String title) {
        return title.length() > maxTitleChars ? title.substring(0, maxTitleChars) : title;
    }

    public ConversationList list(AuthUser user) {
        return new ConversationList(jdbc.query("""
                SELECT id, title, created_at, updated_at FROM conversations
                WHERE user_id = ? ORDER BY updated_at DESC, id LIMIT 500""",
                Conversations::toView, user.id()));
    }

    public MessageList messages(AuthUser user, String conversationId, String limit) {
        int max = parseLimit(limit);
        UUID id = requireAccessible(user, conversationId);
        // the newest `max` messages, returned oldest first
        return new MessageList(jdbc.query("""
                SELECT * FROM (
                  SELECT id, seq, role, content, agent_type, metadata::text AS metadata, created_at
                  FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?
                ) newest ORDER BY seq""",
                (rs, i) -> toMessage(rs), id, max));
    }

    public Deleted delete(AuthUser user, String conversationId) {
        UUID id = requireAccessible(user, conversationId);
        jdbc.update("DELETE FROM conversations WHERE id = ?", id);
        return new Deleted(id.toString(), true);
    }

    /** The conversation's id if the caller may read it (owner, or an admin); otherwise 404. */
    UUID requireAccessible(AuthUser user, String conversationId) {
        UUID id = parseId(conversationId);
        List<UUID> owners = jdbc.queryForList("SELECT user_id FROM conversations WHERE id = ?", UUID.class, id);
        if (owners.isEmpty() || !(owners.get(0).equals(user.id()) || user.isAdmin())) {
            throw ApiException.notFound("Conversation not found", Map.of("conversationId", conversationId));
        }
        return id;
    }

    static UUID parseId(String conversationId) {
        try {
            if (conversationId != null && conversationId.matches(ChatModels.UUID_PATTERN)) {
                return UUID.fromString(conversationId);
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the 400 below
        }
        throw ApiException.badRequest("Invalid conversation id", "conversationId must be a UUID");
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_MESSAGE_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_MESSAGE_LIMIT) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the 400 below
        }
        throw ApiException.badRequest("Invalid limit", "limit must be a whole number from 1 to " + MAX_MESSAGE_LIMIT);
    }

    private static ConversationView toView(ResultSet rs, int row) throws SQLException {
        return new ConversationView(rs.getObject("id", UUID.class).toString(), rs.getString("title"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private MessageView toMessage(ResultSet rs) throws SQLException {
        return new MessageView(rs.getObject("id", UUID.class).toString(), rs.getString("role"),
                rs.getString("content"), rs.getString("agent_type"), json(rs.getString("metadata")),
                instant(rs, "created_at"));
    }

    private Map<String, Object> json(String text) {
        try {
            return text == null ? Map.of() : mapper.readValue(text, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
