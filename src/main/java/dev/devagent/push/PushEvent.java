package dev.devagent.push;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One event as clients see it: {@code {id, type, conversationId, queryId, timestamp, data}}. {@code id}
 * is the stored agent_activity id (absent for live-only events such as {@code query:token}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushEvent(Long id, String type, UUID conversationId, String queryId, Instant timestamp,
                        Map<String, Object> data) {

    public static final String REPOSITORY_PROGRESS = "repository:progress";

    public boolean isStored() {
        return id != null;
    }
}
