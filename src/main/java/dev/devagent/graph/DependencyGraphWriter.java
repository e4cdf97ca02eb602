package dev.devagent.graph;

import java.util.List;
import java.util.Map;

import org.neo4j.driver.Driver;
import org.springframework.stereotype.Component;

/**
 * Writes one repository's slice of the graph: its DEPENDS_ON and PUBLISHES edges are replaced in a
 * single transaction (no stale edges), and the derived repo→repo DEPENDS_ON_REPO edges touching it are
 * recomputed. Parameterised Cypher only.
 */
@Component
public class DependencyGraphWriter {

    private final Driver neo4j;

    DependencyGraphWriter(Driver neo4j) {
        this.neo4j = neo4j;
    }

    public void replace(String fullName, String url, String commit, List<Map<String, Object>> dependencies,
                        List<Map<String, Object>> publishes) {
        try (var session = neo4j.session()) {
            session.executeWriteWithoutResult(tx -> {
                tx.run("""
                        MERGE (r:Repository {fullName: $repo})
                        SET r.url = $url, r.commit = $commit, r.updatedAt = datetime()
                        WITH r
                        OPTIONAL MATCH (r)-[e:DEPENDS_ON|PUBLISHES|DEPENDS_ON_REPO]->()
                        DELETE e""", Map.of("repo", fullName, "url", url, "commit", commit == null ? "" : commit));
                tx.run("""
                        MATCH (:Repository)-[e:DEPENDS_ON_REPO]->(:Repository {fullName: $repo}) DELETE e""",
                        Map.of("repo", fullName));
                tx.run("""
                        MATCH (r:Repository {fullName: $repo})
                        UNWIND $deps AS dep
                        MERGE (p:Package {ecosystem: dep.ecosystem, name: dep.name})
                        SET p.nameKey = toLower(dep.name)
                        CREATE (r)-[:DEPENDS_ON {version: dep.version, scope: dep.scope, direct: dep.direct,
                                                 manifest: dep.manifest}]->(p)""",
                        Map.of("repo", fullName, "deps", dependencies));
                tx.run("""
                        MATCH (r:Repository {fullName: $repo})
                        UNWIND $pubs AS pub
                        MERGE (p:Package {ecosystem: pub.ecosystem, name: pub.name})
                        SET p.nameKey = toLower(pub.name)
                        MERGE (r)-[:PUBLISHES {manifest: pub.manifest}]->(p)""",
                        Map.of("repo", fullName, "pubs", publishes));
                tx.run("""
                        MATCH (r:Repository {fullName: $repo})-[:DEPENDS_ON]->(p:Package)<-[:PUBLISHES]-(other:Repository)
                        WHERE other <> r
                        MERGE (r)-[:DEPENDS_ON_REPO]->(other)""", Map.of("repo", fullName));
                tx.run("""
                        MATCH (other:Repository)-[:DEPENDS_ON]->(p:Package)<-[:PUBLISHES]-(r:Repository {fullName: $repo})
                        WHERE other <> r
                        MERGE (other)-[:DEPENDS_ON_REPO]->(r)""", Map.of("repo", fullName));
            });
        }
    }

    /** Removes a repository and every edge it has; packages nobody references any more go too. */
    public void remove(String fullName) {
        try (var session = neo4j.session()) {
            session.executeWriteWithoutResult(tx -> {
                tx.run("MATCH (r:Repository {fullName: $repo}) DETACH DELETE r", Map.of("repo", fullName));
                tx.run("MATCH (p:Package) WHERE NOT (p)--() DELETE p");
            });
        }
    }
}
