package dev.devagent.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.devagent.ai.Citation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

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

    public record Accepted(@Schema(requiredMode = REQUIRED) String queryId, @Schema(requiredMode = REQUIRED) String conversationId,
                           @Schema(requiredMode = REQUIRED) String status, @Schema(requiredMode = REQUIRED) String message) {
    }

    public record ConversationView(@Schema(requiredMode = REQUIRED) String conversationId, @Schema(requiredMode = REQUIRED) String title,
                                   @Schema(requiredMode = REQUIRED) Instant createdAt, @Schema(requiredMode = REQUIRED) Instant updatedAt) {
    }

    public record ConversationList(@Schema(requiredMode = REQUIRED) List<ConversationView> conversations) {
    }

    public record MessageView(@Schema(requiredMode = REQUIRED) String id, @Schema(requiredMode = REQUIRED) String role, @Schema(requiredMode = REQUIRED) String content,
                              String agentType,
                              @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                              Map<String, Object> metadata, @Schema(requiredMode = REQUIRED) Instant createdAt) {
    }

    public record MessageList(@Schema(requiredMode = REQUIRED) List<MessageView> messages) {
    }

    public record QueryResult(@Schema(requiredMode = REQUIRED) String answer, @Schema(requiredMode = REQUIRED) String provider, @Schema(requiredMode = REQUIRED) String model,
                              @Schema(requiredMode = REQUIRED) boolean degraded, @Schema(requiredMode = REQUIRED) List<Citation> citations) {
    }

    public record QueryView(@Schema(requiredMode = REQUIRED) String queryId, @Schema(requiredMode = REQUIRED) String conversationId, @Schema(requiredMode = REQUIRED) String status,
                            @Schema(requiredMode = REQUIRED) int progress, QueryResult result, String error,
                            @Schema(requiredMode = REQUIRED) Instant createdAt, @Schema(requiredMode = REQUIRED) Instant updatedAt, Instant completedAt) {
    }

    public record Deleted(@Schema(requiredMode = REQUIRED) String conversationId, @Schema(requiredMode = REQUIRED) boolean deleted) {
    }
}
