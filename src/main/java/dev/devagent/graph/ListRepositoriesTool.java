package dev.devagent.graph;

import java.util.List;
import java.util.Map;

import dev.devagent.ai.AgentTool;
import dev.devagent.ai.Fact;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Tool: the repositories of the fleet with their index status. */
@Component
class ListRepositoriesTool implements AgentTool {

    static final int LIMIT = 50;

    private final JdbcTemplate jdbc;

    ListRepositoriesTool(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "list_repositories";
    }

    @Override
    public String description() {
        return "List the repositories the agent knows, with their branch and index status.";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public List<Fact> run(Map<String, String> arguments) {
        return jdbc.query("""
                SELECT full_name, branch, status, last_indexed_commit FROM repositories
                WHERE status <> 'removed' ORDER BY full_name LIMIT ?""",
                (rs, i) -> Fact.of(name(), "Repository " + rs.getString("full_name")
                        + (rs.getString("branch") == null ? "" : " (branch " + rs.getString("branch") + ")")
                        + ": " + rs.getString("status")
                        + (rs.getString("last_indexed_commit") == null ? ""
                        : ", indexed at " + rs.getString("last_indexed_commit").substring(0,
                        Math.min(12, rs.getString("last_indexed_commit").length())))),
                LIMIT);
    }
}
