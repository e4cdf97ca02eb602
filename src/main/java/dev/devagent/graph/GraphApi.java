package dev.devagent.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.devagent.platform.ApiException;
import org.springframework.stereotype.Component;

/** Parameter checks and response shapes of /api/graph/**; the Cypher lives in GraphQueries. */
@Component("graphApi")
public class GraphApi {

    static final Set<String> ECOSYSTEMS = Set.of("npm", "maven", "nuget", "go", "pypi");

    private final GraphQueries graph;

    GraphApi(GraphQueries graph) {
        this.graph = graph;
    }

    public Map<String, Object> dependents(String ecosystem, String name) {
        String eco = ecosystem(ecosystem);
        String pkg = required(name, "package");
        return Map.of("package", packageRef(eco, pkg), "dependents", graph.dependents(eco, pkg));
    }

    public Map<String, Object> dependencies(String owner, String name) {
        String fullName = required(owner, "owner") + "/" + required(name, "name");
        if (!graph.repositoryExists(fullName)) {
            throw ApiException.notFound("Repository not in the graph", Map.of("repository", fullName));
        }
        return Map.of("repository", fullName, "dependencies", graph.dependencies(fullName),
                "publishes", graph.publishes(fullName));
    }

    public Map<String, Object> impact(String ecosystem, String name, String version) {
        String eco = ecosystem(ecosystem);
        String pkg = required(name, "package");
        List<Map<String, Object>> impacted = new ArrayList<>();
        for (Map<String, Object> row : graph.impact(eco, pkg)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("repository", row.get("repository"));
            item.put("depth", row.get("depth"));
            List<Object> path = new ArrayList<>((List<?>) row.get("chain"));
            path.add(eco.isEmpty() ? pkg : eco + ":" + pkg);
            item.put("path", path);
            item.put("via", row.get("via"));
            item.put("version", row.get("version"));
            if (version != null && !version.isBlank()) {
                item.put("majorChange", SemanticVersions.isMajorChange((String) row.get("version"), version));
            }
            impacted.add(item);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("package", packageRef(eco, pkg));
        response.put("version", version);
        response.put("impacted", impacted);
        return response;
    }

    public Map<String, Object> stats() {
        return graph.stats();
    }

    public Map<String, Object> repositories() {
        return Map.of("repositories", graph.repositories());
    }

    public Map<String, Object> view(String ecosystem, String repository) {
        return graph.view(ecosystem(ecosystem), repository);
    }

    private static Map<String, Object> packageRef(String ecosystem, String name) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("ecosystem", ecosystem.isEmpty() ? null : ecosystem);
        ref.put("name", name);
        return ref;
    }

    private static String ecosystem(String ecosystem) {
        if (ecosystem == null || ecosystem.isBlank()) {
            return "";
        }
        String eco = ecosystem.strip().toLowerCase(java.util.Locale.ROOT);
        if (!ECOSYSTEMS.contains(eco)) {
            throw ApiException.badRequest("Unknown ecosystem", "ecosystem is one of " + ECOSYSTEMS);
        }
        return eco;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Missing parameter", name + " is required");
        }
        if (value.length() > 300) {
            throw ApiException.badRequest("Parameter too long", name + " is limited to 300 characters");
        }
        return value.strip();
    }
}
