package dev.devagent.graph;

import java.util.List;
import java.util.Map;

import dev.devagent.ai.AgentTool;
import dev.devagent.ai.Fact;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The planner's graph tools: dependents of a package, dependencies of a repository, impact, describe. */
@Configuration(proxyBeanMethods = false)
class FleetTools {

    static final int MAX_FACTS = 25;

    @Bean
    AgentTool dependentsTool(GraphQueries graph) {
        return AgentTool.of("dependents", "Repositories that depend on a package, with the declared versions.",
                Map.of("package", "package name, e.g. express or org.springframework:spring-core"), args -> {
                    String pkg = args.getOrDefault("package", "");
                    List<Map<String, Object>> rows = graph.dependents(args.getOrDefault("ecosystem", ""), pkg);
                    if (rows.isEmpty()) {
                        return List.of(Fact.of("dependents", "No indexed repository depends on " + pkg + "."));
                    }
                    return rows.stream().limit(MAX_FACTS).map(r -> Fact.of("dependents",
                            r.get("repository") + " depends on " + r.get("ecosystem") + ":" + r.get("package")
                                    + versionText(r.get("version")) + " (" + r.get("scope")
                                    + (Boolean.TRUE.equals(r.get("direct")) ? ", direct" : ", transitive")
                                    + ", " + r.get("manifest") + ")")).toList();
                });
    }

    @Bean
    AgentTool dependenciesTool(GraphQueries graph, JdbcTemplate jdbc) {
        return AgentTool.of("dependencies", "The dependencies a repository declares, by manifest.",
                Map.of("repository", "owner/name or just name"), args -> {
                    String repo = resolve(jdbc, args.getOrDefault("repository", ""));
                    if (repo == null) {
                        return List.of();
                    }
                    List<Map<String, Object>> rows = graph.dependencies(repo);
                    List<Fact> facts = new java.util.ArrayList<>();
                    facts.add(Fact.of("dependencies", repo + " declares " + rows.stream()
                            .filter(r -> Boolean.TRUE.equals(r.get("direct"))).count() + " direct dependencies."));
                    rows.stream().filter(r -> Boolean.TRUE.equals(r.get("direct"))).limit(MAX_FACTS)
                            .forEach(r -> facts.add(Fact.of("dependencies", repo + " → " + r.get("ecosystem") + ":"
                                    + r.get("name") + versionText(r.get("version")) + " (" + r.get("scope") + ", "
                                    + r.get("manifest") + ")")));
                    return facts;
                });
    }

    @Bean
    AgentTool impactTool(GraphQueries graph) {
        return AgentTool.of("impact", "Repositories affected, directly or through published packages, by a change of a package.",
                Map.of("package", "package name", "version", "the version it would move to (optional)"), args -> {
                    String pkg = args.getOrDefault("package", "");
                    String target = args.get("version");
                    List<Map<String, Object>> rows = graph.impact("", pkg);
                    if (rows.isEmpty()) {
                        return List.of(Fact.of("impact", "Changing " + pkg + " affects no indexed repository."));
                    }
                    return rows.stream().limit(MAX_FACTS).map(r -> {
                        int depth = ((Number) r.get("depth")).intValue();
                        Boolean major = target == null ? null
                                : SemanticVersions.isMajorChange((String) r.get("version"), target);
                        return Fact.of("impact", r.get("repository") + (depth == 1
                                ? " uses " + pkg + versionText(r.get("version")) + " directly"
                                : " is affected through " + String.join(" → ", castList(r.get("chain"))))
                                + (Boolean.TRUE.equals(major) ? " — a major version change" : "") + ".");
                    }).toList();
                });
    }

    @Bean
    AgentTool describeRepositoryTool(GraphQueries graph, JdbcTemplate jdbc) {
        return AgentTool.of("describe_repository", "Status, commit, counts and published packages of one repository.",
                Map.of("repository", "owner/name or just name"), args -> {
                    String repo = resolve(jdbc, args.getOrDefault("repository", ""));
                    if (repo == null) {
                        return List.of();
                    }
                    Map<String, Object> row = jdbc.queryForMap("""
                            SELECT full_name, status, branch, last_indexed_commit, counts::text AS counts
                            FROM repositories WHERE full_name = ?""", repo);
                    String published = String.join(", ", graph.publishes(repo).stream()
                            .map(p -> p.get("ecosystem") + ":" + p.get("name")).toList());
                    return List.of(Fact.of("describe_repository", repo + " is " + row.get("status")
                            + (row.get("last_indexed_commit") == null ? "" : " at "
                            + ((String) row.get("last_indexed_commit")).substring(0, 12))
                            + "; counts " + row.get("counts")
                            + (published.isEmpty() ? "" : "; publishes " + published) + "."));
                });
    }

    /** owner/name, or a bare name when it is unambiguous. */
    static String resolve(JdbcTemplate jdbc, String repository) {
        if (repository.isBlank()) {
            return null;
        }
        List<String> names = jdbc.queryForList(
                "SELECT full_name FROM repositories WHERE lower(full_name) = lower(?) OR lower(name) = lower(?)",
                String.class, repository, repository);
        return names.size() == 1 ? names.get(0) : null;
    }

    private static String versionText(Object version) {
        return version == null ? "" : "@" + version;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }
}
