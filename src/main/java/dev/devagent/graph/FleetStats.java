package dev.devagent.graph;

import dev.devagent.ai.FleetSummary;
import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Counts what the agent has indexed: repositories and code chunks in PostgreSQL, packages in the graph. */
@Component("fleetStats")
public class FleetStats {

    private static final Logger log = LoggerFactory.getLogger(FleetStats.class);

    private final JdbcTemplate jdbc;
    private final Driver neo4j;

    FleetStats(JdbcTemplate jdbc, Driver neo4j) {
        this.jdbc = jdbc;
        this.neo4j = neo4j;
    }

    public FleetSummary summary() {
        long repositories = count("SELECT count(*) FROM repositories WHERE status <> 'removed'");
        Boolean chunksTable = jdbc.queryForObject("SELECT to_regclass('code_chunks') IS NOT NULL", Boolean.class);
        long chunks = Boolean.TRUE.equals(chunksTable) ? count("SELECT count(*) FROM code_chunks") : 0;
        return new FleetSummary(repositories, chunks, packages());
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private long packages() {
        try (var session = neo4j.session()) {
            return session.executeRead(tx -> tx.run("MATCH (p:Package) RETURN count(p) AS n").single().get("n").asLong());
        } catch (RuntimeException e) {
            // the graph being down degrades the answer, it does not fail it
            log.warn("Could not count packages in Neo4j: {}", e.toString());
            return 0;
        }
    }
}
