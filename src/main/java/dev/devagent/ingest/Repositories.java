package dev.devagent.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devagent.graph.DependencyGraphWriter;
import dev.devagent.graph.FleetStats;
import dev.devagent.ingest.RepositoryModels.AddRepositoryRequest;
import dev.devagent.ingest.RepositoryModels.RepositoryDeleted;
import dev.devagent.ingest.RepositoryModels.RepositoryList;
import dev.devagent.ingest.RepositoryModels.RepositoryView;
import dev.devagent.ingest.RepositoryUrlPolicy.RepositoryLocation;
import dev.devagent.platform.ApiException;
import dev.devagent.search.CodeChunkStore;
import dev.devagent.security.AuthUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The fleet's repositories: added, listed, synced on request and removed by admins (each action audited). */
@Component("repositories")
public class Repositories {

    private static final Logger log = LoggerFactory.getLogger(Repositories.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final RepositoryUrlPolicy policy;
    private final DependencyGraphWriter graph;
    private final GitMirror mirror;
    private final CodeChunkStore chunks;
    private final FleetStats fleet;
    private final Duration syncInterval;
    private final String repositoriesFile;
    private volatile boolean imported;
    private boolean importWarned;

    Repositories(JdbcTemplate jdbc, ObjectMapper mapper, RepositoryUrlPolicy policy, DependencyGraphWriter graph,
                 GitMirror mirror, CodeChunkStore chunks, FleetStats fleet,
                 @Value("${agent.repositories.sync-interval:1h}") Duration syncInterval,
                 @Value("${agent.repositories.file:}") String repositoriesFile) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.policy = policy;
        this.graph = graph;
        this.mirror = mirror;
        this.chunks = chunks;
        this.fleet = fleet;
        this.syncInterval = syncInterval;
        this.repositoriesFile = repositoriesFile;
    }

    public RepositoryView add(AuthUser admin, AddRepositoryRequest request) {
        RepositoryLocation location = policy.check(request.url(), request.branch());
        UUID id = UUID.randomUUID();
        try {
            jdbc.update("""
                    INSERT INTO repositories (id, url, owner, name, full_name, branch, status, sync_requested_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'pending', now())""", id, location.url(), location.owner(),
                    location.name(), location.fullName(), blankToNull(request.branch()));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("Repository already added", Map.of("url", location.url()));
        }
        audit(admin, "repository.add", id, Map.of("url", location.url()));
        return get(id.toString());
    }

    public RepositoryList list() {
        return new RepositoryList(jdbc.query("SELECT * FROM repositories ORDER BY full_name, url", this::toView));
    }

    public RepositoryView get(String id) {
        List<RepositoryView> rows = jdbc.query("SELECT * FROM repositories WHERE id = ?", this::toView, parseId(id));
        if (rows.isEmpty()) {
            throw ApiException.notFound("Repository not found", Map.of("id", id));
        }
        return rows.get(0);
    }

    public RepositoryView requestSync(AuthUser admin, String id) {
        UUID repositoryId = parseId(id);
        int updated = jdbc.update("UPDATE repositories SET sync_requested_at = coalesce(sync_requested_at, now()) "
                + "WHERE id = ?", repositoryId);
        if (updated == 0) {
            throw ApiException.notFound("Repository not found", Map.of("id", id));
        }
        audit(admin, "repository.sync", repositoryId, Map.of());
        return get(id);
    }

    public RepositoryDeleted delete(AuthUser admin, String id) {
        RepositoryView view = get(id);
        jdbc.update("DELETE FROM repositories WHERE id = ?", UUID.fromString(view.id()));
        graph.remove(view.fullName());
        chunks.dropPartition(UUID.fromString(view.id()));
        fleet.invalidate();
        mirror.delete(UUID.fromString(view.id()));
        audit(admin, "repository.delete", UUID.fromString(view.id()), Map.of("url", view.url()));
        return new RepositoryDeleted(view.id(), true);
    }

    /** Marks every repository whose last sync is older than the interval; replicas may all run this. */
    public int requestDueSyncs() {
        return jdbc.update("""
                UPDATE repositories SET sync_requested_at = now()
                WHERE sync_requested_at IS NULL
                  AND (last_synced_at IS NULL OR last_synced_at < now() - make_interval(secs => ?))""",
                (double) syncInterval.toSeconds());
    }

    /**
     * The startup import from REPOSITORIES_FILE, if one is configured. The route ingest-import calls it on each
     * tick until it is done: the app may start while PostgreSQL is still away, and the file is imported once the
     * database takes it. A file that cannot be read or parsed is reported once and not tried again.
     *
     * @return how many repositories this call added
     */
    public synchronized int importConfigured() throws IOException {
        if (imported) {
            return 0;
        }
        if (repositoriesFile == null || repositoriesFile.isBlank()) {
            imported = true;
            return 0;
        }
        Path file = Path.of(repositoriesFile);
        if (!Files.isRegularFile(file)) {
            log.warn("REPOSITORIES_FILE {} does not exist; nothing imported", file);
            imported = true;
            return 0;
        }
        try {
            int added = importFile(file);
            imported = true;
            return added;
        } catch (DataAccessException e) {
            if (!importWarned) {
                log.warn("REPOSITORIES_FILE {} not imported yet, the database did not take it ({}); trying again until it"
                        + " does", file, e.getMostSpecificCause().getMessage());
                importWarned = true;
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            imported = true;
            throw e;
        }
    }

    /** Adds the repositories of a file in the original's format; already known URLs are left alone. */
    public int importFile(Path file) throws IOException {
        JsonNode root = mapper.readTree(Files.readString(file));
        int added = 0;
        for (JsonNode entry : root.path("repositories")) {
            if (!entry.path("enabled").asBoolean(true)) {
                continue;
            }
            String url = entry.hasNonNull("url") ? entry.get("url").asText()
                    : "https://github.com/" + entry.path("owner").asText() + "/" + entry.path("name").asText();
            try {
                RepositoryLocation location = policy.check(url, entry.path("branch").asText(null));
                added += jdbc.update("""
                        INSERT INTO repositories (id, url, owner, name, full_name, branch, status, sync_requested_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'pending', now()) ON CONFLICT (url) DO NOTHING""",
                        UUID.randomUUID(), location.url(), location.owner(), location.name(), location.fullName(),
                        entry.path("branch").asText(null));
            } catch (ApiException e) {
                log.warn("Skipping repository {} from {}: {}", url, file, e.details());
            }
        }
        log.info("Imported {} repositories from {}", added, file);
        return added;
    }

    private RepositoryView toView(ResultSet rs, int row) throws SQLException {
        return new RepositoryView(rs.getObject("id", UUID.class).toString(), rs.getString("url"),
                rs.getString("full_name"), rs.getString("owner"), rs.getString("name"), rs.getString("branch"),
                rs.getString("status"), rs.getString("last_indexed_commit"), instant(rs, "last_synced_at"),
                (Long) rs.getObject("sync_duration_ms"), rs.getString("error"),
                json(rs.getString("counts"), MAP, Map.of()), json(rs.getString("progress"), MAP, null),
                json(rs.getString("manifest_errors"), LIST, List.of()), instant(rs, "created_at"));
    }

    private <T> T json(String text, TypeReference<T> type, T fallback) {
        try {
            return text == null ? fallback : mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            return fallback;
        }
    }

    private void audit(AuthUser actor, String action, UUID target, Map<String, Object> details) {
        try {
            jdbc.update("INSERT INTO audit_log (actor_id, action, target, details) VALUES (?, ?, ?, ?::jsonb)",
                    actor.id(), action, target.toString(), mapper.writeValueAsString(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static UUID parseId(String id) {
        try {
            if (id != null && id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the 400 below
        }
        throw ApiException.badRequest("Invalid repository id", "id must be a UUID");
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
