package dev.devagent.platform;

import org.neo4j.driver.AuthToken;

/** Where the graph lives: an external server ({@code NEO4J_URI}) or the embedded engine. */
public record Neo4jEndpoint(String uri, AuthToken auth, boolean embedded) {
}
