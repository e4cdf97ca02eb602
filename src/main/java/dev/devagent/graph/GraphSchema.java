package dev.devagent.graph;

import java.util.Arrays;
import java.util.List;

import org.neo4j.driver.Driver;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates the graph's schema (the route graph-schema gives the statements) once Neo4j answers. The app may
 * start before Neo4j does, or while it is down: then each tick of the route tries again, and the schema
 * is reported ready only when every statement ran. After that a tick costs nothing.
 */
@Component("graphSchema")
public class GraphSchema {

    private static final Logger log = LoggerFactory.getLogger(GraphSchema.class);

    private final Driver neo4j;
    private volatile boolean ready;
    private boolean warned;

    GraphSchema(Driver neo4j) {
        this.neo4j = neo4j;
    }

    /**
     * Runs the statements (separated by {@code ;}, each idempotent) in order, unless they already ran.
     *
     * @return whether the schema is in place
     */
    public synchronized boolean ensure(String statements) {
        if (ready) {
            return true;
        }
        List<String> cypher = Arrays.stream(statements.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        try (var session = neo4j.session()) {
            for (String statement : cypher) {
                session.run(statement).consume();
            }
        } catch (Neo4jException e) {
            // unavailable, or not yet accepting writes: the next tick tries again
            if (!warned) {
                log.warn("Graph schema not created yet, Neo4j did not take it ({}); trying again until it does",
                        e.getMessage());
                warned = true;
            }
            return false;
        }
        ready = true;
        log.info("Graph schema ready: {} statements", cypher.size());
        return true;
    }

    public boolean ready() {
        return ready;
    }
}
