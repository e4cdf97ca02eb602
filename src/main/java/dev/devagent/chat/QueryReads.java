package dev.devagent.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.chat.ChatModels.QueryResult;
import dev.devagent.chat.ChatModels.QueryView;
import dev.devagent.platform.ApiException;
import dev.devagent.push.PushPublisher;
import dev.devagent.security.AuthUser;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Status, result and cancellation of queries, scoped to their owner (admins may read any). */
@Component("queries")
public class QueryReads {

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final PushPublisher activity;

    QueryReads(JdbcTemplate jdbc, ObjectMapper mapper, PushPublisher activity) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.activity = activity;
    }

    public QueryView get(AuthUser user, String queryId) {
        return load(user, queryId);
    }

    /** The answer alone; 409 while the query has not completed. */
    public QueryResult result(AuthUser user, String queryId) {
        QueryView view = load(user, queryId);
        if (view.result() == null) {
            throw ApiException.conflict("Query has no result yet",
                    Map.of("queryId", queryId, "status", view.status()));
        }
        return view.result();
    }

    public QueryView cancel(AuthUser user, String queryId) {
        QueryView view = load(user, queryId);
        int updated = jdbc.update("""
                UPDATE queries SET status = 'cancelled', error = 'cancelled by the user', lease_owner = NULL,
                       lease_expires_at = NULL, updated_at = now(), completed_at = now()
                WHERE id = ? AND status = 'processing'""", queryId);
        if (updated == 0) {
            throw ApiException.conflict("Query is no longer running",
                    Map.of("queryId", queryId, "status", view.status()));
        }
        activity.publish(UUID.fromString(view.conversationId()), queryId, "task:updated",
                Map.of("queryId", queryId, "status", "cancelled"));
        return load(user, queryId);
    }

    private QueryView load(AuthUser user, String queryId) {
        if (!QueryIds.isValid(queryId)) {
            throw ApiException.badRequest("Invalid query id", "expected query-<epochMillis>-<9 base36 characters>");
        }
        List<Row> rows = jdbc.query("""
                SELECT id, conversation_id, user_id, status, progress, result::text AS result, error,
                       created_at, updated_at, completed_at
                FROM queries WHERE id = ?""", this::toRow, queryId);
        if (rows.isEmpty() || !(rows.get(0).owner.equals(user.id()) || user.isAdmin())) {
            throw ApiException.notFound("Query not found", Map.of("queryId", queryId));
        }
        return rows.get(0).view;
    }

    private Row toRow(ResultSet rs, int i) throws SQLException {
        String result = rs.getString("result");
        QueryView view = new QueryView(rs.getString("id"), rs.getObject("conversation_id", UUID.class).toString(),
                rs.getString("status"), rs.getInt("progress"), result == null ? null : parse(result),
                rs.getString("error"), Conversations.instant(rs, "created_at"), Conversations.instant(rs, "updated_at"),
                Conversations.instant(rs, "completed_at"));
        return new Row(rs.getObject("user_id", UUID.class), view);
    }

    private QueryResult parse(String json) {
        try {
            return mapper.readValue(json, QueryResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored query result is not readable", e);
        }
    }

    private record Row(UUID owner, QueryView view) {
    }
}
