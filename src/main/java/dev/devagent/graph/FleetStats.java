package dev.devagent.graph;

import java.time.Duration;

import dev.devagent.ai.FleetSummary;
import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts what the agent has indexed: repositories and code chunks in PostgreSQL, packages in the graph. Every
 * question's prompt carries these counts, so they are kept for a while rather than counted per question
 * (a count of every chunk and a graph round trip each time): a sync or a deletion on this replica drops
 * them at once, other replicas' changes show within {@link #TTL}. A count made while the graph was down is
 * not kept.
 */
@Component("fleetStats")
public class FleetStats {

    private static final Logger log = LoggerFactory.getLogger(FleetStats.class);
    static final Duration TTL = Duration.ofSeconds(30);

    private volatile Counted counted;

    private final JdbcTemplate jdbc;
    private final Driver neo4j;

    FleetStats(JdbcTemplate jdbc, Driver neo4j) {
        this.jdbc = jdbc;
        this.neo4j = neo4j;
    }

    public FleetSummary summary() {
        Counted last = counted;
        if (last != null && System.nanoTime() - last.atNanos() < TTL.toNanos()) {
            return last.summary();
        }
        long repositories = count("SELECT count(*) FROM repositories WHERE status <> 'removed'");
        Boolean chunksTable = jdbc.queryForObject("SELECT to_regclass('code_chunks') IS NOT NULL", Boolean.class);
        long chunks = Boolean.TRUE.equals(chunksTable) ? count("SELECT count(*) FROM code_chunks") : 0;
        long packages = packages();
        FleetSummary summary = new FleetSummary(repositories, chunks, Math.max(0, packages));
        counted = packages < 0 ? null : new Counted(summary, System.nanoTime());
        return summary;
    }

    /** What is indexed changed here (a sync finished, a repository went): count again on the next question. */
    public void invalidate() {
        counted = null;
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    /** The number of packages in the graph, or -1 when it cannot be reached. */
    private long packages() {
        try (var session = neo4j.session()) {
            return session.executeRead(tx -> tx.run("MATCH (p:Package) RETURN count(p) AS n").single().get("n").asLong());
        } catch (RuntimeException e) {
            // the graph being down degrades the answer, it does not fail it
            log.warn("Could not count packages in Neo4j: {}", e.toString());
            return -1;
        }
    }

    private record Counted(FleetSummary summary, long atNanos) {
    }
}
