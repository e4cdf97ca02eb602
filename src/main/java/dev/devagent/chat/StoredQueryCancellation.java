package dev.devagent.chat;

import dev.devagent.ai.QueryCancellation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A query is cancelled for the model once its row is no longer processing (cancelled, failed or deleted). */
@Component
class StoredQueryCancellation implements QueryCancellation {

    private final JdbcTemplate jdbc;

    StoredQueryCancellation(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean isCancelled(String queryId) {
        Boolean running = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM queries WHERE id = ? AND status = 'processing')", Boolean.class, queryId);
        return !Boolean.TRUE.equals(running);
    }
}
