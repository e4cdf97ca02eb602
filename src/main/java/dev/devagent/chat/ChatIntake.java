package dev.devagent.chat;

import java.util.ArrayList;
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
import org.springframework.stereotype.Component;

/**
 * Accepts a question: the user message, the query row and its first event are committed together
 * before the 202 goes out, so nothing accepted can be lost. Workers pick the query up from the table.
 */
@Component("chatIntake")
public class ChatIntake {

    private static final Logger log = LoggerFactory.getLogger(ChatIntake.class);

    private final Conversations conversations;
    private final PushPublisher activity;
    private final int maxMessageChars;

    ChatIntake(Conversations conversations, PushPublisher activity, AgentProperties properties) {
        this.conversations = conversations;
        this.activity = activity;
        this.maxMessageChars = properties.limits().maxMessageChars();
    }

    public Accepted acceptMessage(AuthUser user, ChatMessageRequest request) {
        return accept(user, request.conversationId(), request.message(), request.username());
    }

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
        UUID messageId = UUID.randomUUID();
        String queryId = QueryIds.next();
        UUID conversation;
        String conversationSql;
        List<Object> args = new ArrayList<>();
        if (conversationId == null) {
            conversation = UUID.randomUUID();
            conversationSql = "INSERT INTO conversations (id, user_id, title) VALUES (?, ?, ?) RETURNING id";
            args.addAll(List.of(conversation, user.id(), conversations.fitTitle(title(question))));
        } else {
            conversation = Conversations.parseId(conversationId);
            // only the caller's own; the update locks the row, so a concurrent delete cannot slip in between
            conversationSql = "UPDATE conversations SET updated_at = now() WHERE id = ? AND user_id = ? RETURNING id";
            args.addAll(List.of(conversation, user.id()));
        }
        args.addAll(List.of(messageId, question, queryId, queryId, user.id(), messageId, question));
        // one statement: the question (which carries its query id, so a reloaded page can follow the answer),
        // the query and its first event commit together, in one round trip
        boolean accepted = activity.publishIf("conversation AS (" + conversationSql + """
                ),
                asked AS (INSERT INTO messages (id, conversation_id, role, content, metadata)
                          SELECT ?, id, 'user', ?, jsonb_build_object('queryId', ?::text) FROM conversation
                          RETURNING conversation_id),
                queued AS (INSERT INTO queries (id, conversation_id, user_id, message_id, query_text)
                           SELECT ?, conversation_id, ?, ?, ? FROM asked),
                guard AS (SELECT 1 FROM conversation)""",
                args, conversation, queryId, "task:created",
                Map.of("queryId", queryId, "status", "processing", "message", question));
        if (!accepted) {
            throw ApiException.notFound("Conversation not found", Map.of("conversationId", conversationId));
        }
        log.info("Accepted query {} in conversation {}", queryId, conversation);
        return new Accepted(queryId, conversation.toString(), "processing", "Query accepted; processing");
    }

    private static String title(String question) {
        return dev.devagent.ai.Titles.fromQuestion(question);
    }
}
