package dev.devagent.chat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.devagent.chat.ChatModels.Accepted;
import dev.devagent.chat.ChatModels.ChatMessageRequest;
import dev.devagent.chat.ChatModels.QueryRequest;
import dev.devagent.platform.AgentProperties;
import dev.devagent.platform.ApiException;
import dev.devagent.push.PushPublisher;
import dev.devagent.security.AuthUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts a question: the user message, the query row and its first event are committed together
 * before the 202 goes out, so nothing accepted can be lost. Workers pick the query up from the table.
 */
@Component("chatIntake")
public class ChatIntake {

    private static final Logger log = LoggerFactory.getLogger(ChatIntake.class);

    private final JdbcTemplate jdbc;
    private final Conversations conversations;
    private final PushPublisher activity;
    private final int maxMessageChars;

    ChatIntake(JdbcTemplate jdbc, Conversations conversations, PushPublisher activity, AgentProperties properties) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.activity = activity;
        this.maxMessageChars = properties.limits().maxMessageChars();
    }

    @Transactional
    public Accepted acceptMessage(AuthUser user, ChatMessageRequest request) {
        return accept(user, request.conversationId(), request.message(), request.username());
    }

    @Transactional
    public Accepted acceptQuery(AuthUser user, QueryRequest request) {
        return accept(user, request.conversationId(), request.query(), request.username());
    }

    /** Checks what Bean Validation cannot: the configured size and the optional legacy username. */
    public void checkRequest(AuthUser user, String text, String username) {
        if (username != null && !username.equalsIgnoreCase(user.username())) {
            throw ApiException.forbidden("username does not match the signed-in user");
        }
        if (text != null && text.length() > maxMessageChars) {
            throw ApiException.badRequest("Message too long",
                    Map.of("field", "message", "maxLength", maxMessageChars, "length", text.length()));
        }
    }

    private Accepted accept(AuthUser user, String conversationId, String text, String username) {
        checkRequest(user, text, username);
        String question = text.strip();
        UUID conversation = conversationId != null
                ? ownConversation(user, conversationId)
                : UUID.fromString(conversations.insert(user.id(), title(question)).conversationId());
        UUID messageId = UUID.randomUUID();
        String queryId = QueryIds.next();
        // the question carries its query id, so a reloaded page can follow the answer
        jdbc.update("""
                INSERT INTO messages (id, conversation_id, role, content, metadata)
                VALUES (?, ?, 'user', ?, jsonb_build_object('queryId', ?::text))""",
                messageId, conversation, question, queryId);
        jdbc.update("""
                INSERT INTO queries (id, conversation_id, user_id, message_id, query_text)
                VALUES (?, ?, ?, ?, ?)""", queryId, conversation, user.id(), messageId, question);
        jdbc.update("UPDATE conversations SET updated_at = now() WHERE id = ?", conversation);
        activity.publish(conversation, queryId, "task:created",
                Map.of("queryId", queryId, "status", "processing", "message", question));
        log.info("Accepted query {} in conversation {}", queryId, conversation);
        return new Accepted(queryId, conversation.toString(), "processing", "Query accepted; processing");
    }

    private UUID ownConversation(AuthUser user, String conversationId) {
        UUID id = Conversations.parseId(conversationId);
        // lock the row so a concurrent delete cannot slip between check and insert
        List<UUID> owners = jdbc.queryForList("SELECT user_id FROM conversations WHERE id = ? FOR UPDATE",
                UUID.class, id);
        if (owners.isEmpty() || !owners.get(0).equals(user.id())) {
            throw ApiException.notFound("Conversation not found", Map.of("conversationId", conversationId));
        }
        return id;
    }

    private static String title(String question) {
        return dev.devagent.ai.Titles.fromQuestion(question);
    }
}
