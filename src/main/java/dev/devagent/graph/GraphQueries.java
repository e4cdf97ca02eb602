package dev.devagent.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.springframework.stereotype.Component;

/** Parameterised Cypher reads of the dependency graph. */
@Component("graphQueries")
public class GraphQueries {

    static final int MAX_IMPACT_DEPTH = 5;
    static final int VIEW_LIMIT = 1500;

    private final Driver neo4j;

    GraphQueries(Driver neo4j) {
        this.neo4j = neo4j;
    }

    public List<Map<String, Object>> dependents(String ecosystem, String name) {
        return read("""
                MATCH (p:Package {nameKey: toLower($name)})<-[d:DEPENDS_ON]-(r:Repository)
                WHERE $ecosystem = '' OR p.ecosystem = $ecosystem
                RETURN r.fullName AS repository, p.name AS package, p.ecosystem AS ecosystem, d.version AS version, d.scope AS scope,
                       d.direct AS direct, d.manifest AS manifest
                ORDER BY repository, manifest""", Map.of("ecosystem", nz(ecosystem), "name", name));
    }

    public List<Map<String, Object>> dependencies(String fullName) {
        return read("""
                MATCH (r:Repository {fullName: $repo})-[d:DEPENDS_ON]->(p:Package)
                RETURN p.ecosystem AS ecosystem, p.name AS name, d.version AS version, d.scope AS scope,
                       d.direct AS direct, d.manifest AS manifest
                ORDER BY d.direct DESC, ecosystem, name, manifest""", Map.of("repo", fullName));
    }

    public List<Map<String, Object>> publishes(String fullName) {
        return read("""
                MATCH (r:Repository {fullName: $repo})-[:PUBLISHES]->(p:Package)
                RETURN p.ecosystem AS ecosystem, p.name AS name ORDER BY ecosystem, name""", Map.of("repo", fullName));
    }

    public boolean repositoryExists(String fullName) {
        return !read("MATCH (r:Repository {fullName: $repo}) RETURN r.fullName AS repository",
                Map.of("repo", fullName)).isEmpty();
    }

    /**
     * Who is affected when a package changes: its direct dependents (depth 1) and, through published
     * packages, everyone depending on them, up to depth 5, each with the shortest path.
     */
    public List<Map<String, Object>> impact(String ecosystem, String name) {
        List<Map<String, Object>> rows = read("""
                MATCH (p:Package {nameKey: toLower($name)})<-[d:DEPENDS_ON]-(direct:Repository)
                WHERE $ecosystem = '' OR p.ecosystem = $ecosystem
                WITH p, direct, collect(d.version)[0] AS version, max(toInteger(d.direct)) AS isDirect
                MATCH path = (r:Repository)-[:DEPENDS_ON_REPO*0..4]->(direct)
                WITH r, min(length(path)) AS hops, version, direct, isDirect,
                     collect([n IN nodes(path) | n.fullName]) AS chains
                RETURN r.fullName AS repository, hops + 1 AS depth, direct.fullName AS via, version,
                       chains[0] AS chain, isDirect
                ORDER BY depth, repository""", Map.of("ecosystem", nz(ecosystem), "name", name));
        Map<String, Map<String, Object>> best = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            best.merge((String) row.get("repository"), row,
                    (a, b) -> ((Number) a.get("depth")).intValue() <= ((Number) b.get("depth")).intValue() ? a : b);
        }
        return new ArrayList<>(best.values());
    }

    public Map<String, Object> stats() {
        return read("""
                CALL () { MATCH (r:Repository) RETURN count(r) AS repositories }
                CALL () { MATCH (p:Package) RETURN count(p) AS packages }
                CALL () { MATCH ()-[e:DEPENDS_ON]->() RETURN count(e) AS dependsOn }
                CALL () { MATCH ()-[e:PUBLISHES]->() RETURN count(e) AS publishes }
                CALL () { MATCH ()-[e:DEPENDS_ON_REPO]->() RETURN count(e) AS dependsOnRepo }
                RETURN repositories, packages, dependsOn, publishes, dependsOnRepo""", Map.of()).get(0);
    }

    public List<Map<String, Object>> repositories() {
        return read("""
                MATCH (r:Repository)
                OPTIONAL MATCH (r)-[d:DEPENDS_ON]->()
                WITH r, count(d) AS dependencies
                OPTIONAL MATCH (r)-[:PUBLISHES]->(p:Package)
                RETURN r.fullName AS fullName, r.commit AS commit, dependencies,
                       collect(CASE WHEN p IS NULL THEN null ELSE {ecosystem: p.ecosystem, name: p.name} END) AS publishes
                ORDER BY fullName""", Map.of());
    }

    /** Nodes and edges for the UI's graph view, optionally narrowed to one ecosystem or one repository. */
    public Map<String, Object> view(String ecosystem, String repository) {
        List<Map<String, Object>> edges = read("""
                MATCH (r:Repository)-[e:DEPENDS_ON|PUBLISHES]->(p:Package)
                WHERE ($ecosystem = '' OR p.ecosystem = $ecosystem) AND ($repo = '' OR r.fullName = $repo)
                RETURN r.fullName AS source, p.ecosystem + ':' + p.name AS target, type(e) AS kind,
                       e.version AS version, p.ecosystem AS ecosystem, p.name AS packageName
                LIMIT $limit""", Map.of("ecosystem", nz(ecosystem), "repo", nz(repository), "limit", VIEW_LIMIT));
        List<Map<String, Object>> repoEdges = read("""
                MATCH (a:Repository)-[:DEPENDS_ON_REPO]->(b:Repository)
                WHERE $repo = '' OR a.fullName = $repo OR b.fullName = $repo
                RETURN a.fullName AS source, b.fullName AS target, 'DEPENDS_ON_REPO' AS kind""",
                Map.of("repo", nz(repository)));
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        List<Map<String, Object>> allEdges = new ArrayList<>();
        for (Map<String, Object> e : edges) {
            nodes.putIfAbsent((String) e.get("source"), Map.of("id", e.get("source"), "label", e.get("source"),
                    "kind", "repository"));
            nodes.putIfAbsent((String) e.get("target"), Map.of("id", e.get("target"), "label", e.get("packageName"),
                    "kind", "package", "ecosystem", e.get("ecosystem")));
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("source", e.get("source"));
            edge.put("target", e.get("target"));
            edge.put("kind", e.get("kind"));
            if (e.get("version") != null) {
                edge.put("version", e.get("version"));
            }
            allEdges.add(edge);
        }
        for (Map<String, Object> e : repoEdges) {
            nodes.putIfAbsent((String) e.get("source"), Map.of("id", e.get("source"), "label", e.get("source"),
                    "kind", "repository"));
            nodes.putIfAbsent((String) e.get("target"), Map.of("id", e.get("target"), "label", e.get("target"),
                    "kind", "repository"));
            allEdges.add(e);
        }
        return Map.of("nodes", new ArrayList<>(nodes.values()), "edges", allEdges);
    }

    private List<Map<String, Object>> read(String cypher, Map<String, Object> parameters) {
        try (var session = neo4j.session()) {
            return session.executeRead(tx -> tx.run(cypher, parameters).list(GraphQueries::toMap));
        }
    }

    private static Map<String, Object> toMap(Record record) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String key : record.keys()) {
            Value value = record.get(key);
            row.put(key, value.isNull() ? null : value.asObject());
        }
        return row;
    }

    private static String nz(String value) {
        return value == null ? "" : value.strip();
    }
}
