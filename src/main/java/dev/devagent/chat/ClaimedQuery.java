package dev.devagent.chat;

import java.util.UUID;

/** A query a worker holds the lease on. */
public record ClaimedQuery(String id, UUID conversationId, UUID userId, UUID messageId, String text, int attempt,
                           String owner) {
}
