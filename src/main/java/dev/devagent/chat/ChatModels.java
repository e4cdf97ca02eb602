package dev.devagent.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.devagent.ai.Citation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request and response bodies of the chat and query endpoints (DESIGN §7 shapes). */
public final class ChatModels {

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private ChatModels() {
    }

    public record ChatMessageRequest(
            @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String conversationId,
            @NotBlank String message,
            @Size(max = 64) String username) {
    }

    public record QueryRequest(
            @NotBlank String query,
            @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String conversationId,
            @Size(max = 64) String username) {
    }

    public record CreateConversationRequest(@Size(max = 200) String title) {
    }

    public record Accepted(String queryId, String conversationId, String status, String message) {
    }

    public record ConversationView(String conversationId, String title, Instant createdAt, Instant updatedAt) {
    }

    public record ConversationList(List<ConversationView> conversations) {
    }

    public record MessageView(String id, String role, String content, String agentType,
                              Map<String, Object> metadata, Instant createdAt) {
    }

    public record MessageList(List<MessageView> messages) {
    }

    public record QueryResult(String answer, String provider, String model, boolean degraded,
                              List<Citation> citations) {
    }

    public record QueryView(String queryId, String conversationId, String status, int progress, QueryResult result,
                            String error, Instant createdAt, Instant updatedAt, Instant completedAt) {
    }

    public record Deleted(String conversationId, boolean deleted) {
    }
}
