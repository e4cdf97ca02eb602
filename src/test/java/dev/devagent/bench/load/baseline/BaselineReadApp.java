package dev.devagent.bench.load.baseline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read benchmark's baseline: a bare Spring MVC app (Tomcat, Jackson, Hikari) running the same SQL
 * as the app's conversation list and messages routes, with no security, rate limit or Camel in front.
 * The caller is named by the X-Bench-User header. Run with --server.port and --spring.datasource.*.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
        DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
public class BaselineReadApp {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(BaselineReadApp.class, Reads.class);
        // the app's own application.yaml is on this classpath too: read none of it
        app.setDefaultProperties(Map.of("spring.config.name", "bench-baseline-none",
                "spring.main.banner-mode", "off"));
        app.run(args);
    }

    @RestController
    static class Reads {

        private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

        private final JdbcTemplate jdbc;
        private final ObjectMapper mapper;

        Reads(JdbcTemplate jdbc, ObjectMapper mapper) {
            this.jdbc = jdbc;
            this.mapper = mapper;
        }

        // the bench-user parameter only serves the readiness check of run.sh
        @GetMapping("/api/chat/conversations")
        Map<String, Object> list(@RequestHeader(name = "X-Bench-User", required = false) UUID header,
                                 @RequestParam(name = "bench-user", required = false) UUID parameter) {
            UUID user = header != null ? header : parameter;
            return Map.of("conversations", jdbc.query("""
                    SELECT id, title, created_at, updated_at FROM conversations
                    WHERE user_id = ? ORDER BY updated_at DESC, id LIMIT 500""", (rs, i) -> Map.of(
                    "conversationId", rs.getObject("id", UUID.class).toString(), "title", rs.getString("title"),
                    "createdAt", instant(rs, "created_at"), "updatedAt", instant(rs, "updated_at")), user));
        }

        @GetMapping("/api/chat/conversations/{id}/messages")
        ResponseEntity<Map<String, Object>> messages(@RequestHeader("X-Bench-User") UUID user, @PathVariable UUID id,
                                                     @RequestParam(defaultValue = "50") int limit) {
            List<UUID> owners = jdbc.queryForList("SELECT user_id FROM conversations WHERE id = ?", UUID.class, id);
            if (owners.isEmpty() || !owners.get(0).equals(user)) {
                return ResponseEntity.status(404).body(Map.of("error", "Conversation not found"));
            }
            return ResponseEntity.ok(Map.of("messages", jdbc.query("""
                    SELECT * FROM (
                      SELECT id, seq, role, content, agent_type, metadata::text AS metadata, created_at
                      FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?
                    ) newest ORDER BY seq""", (rs, i) -> message(rs), id, limit)));
        }

        private Map<String, Object> message(ResultSet rs) throws SQLException {
            try {
                var view = new java.util.LinkedHashMap<String, Object>();
                view.put("id", rs.getObject("id", UUID.class).toString());
                view.put("role", rs.getString("role"));
                view.put("content", rs.getString("content"));
                if (rs.getString("agent_type") != null) {
                    view.put("agentType", rs.getString("agent_type"));
                }
                view.put("metadata", mapper.readValue(rs.getString("metadata"), JSON_OBJECT));
                view.put("createdAt", instant(rs, "created_at"));
                return view;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String instant(ResultSet rs, String column) throws SQLException {
            return rs.getTimestamp(column).toInstant().toString();
        }
    }
}
