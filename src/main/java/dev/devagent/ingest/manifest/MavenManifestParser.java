package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maven: a pom.xml's dependencies and imported BOMs, with versions filled in from dependencyManagement and
 * {@code ${...}} properties — its own and those of parent POMs found in the same repository.
 */
final class MavenManifestParser implements ManifestParser {

    private static final String ECOSYSTEM = "maven";

    // real hierarchies are a handful deep; the limit only stops pathological chains
    private static final int MAX_PARENTS = 16;

    @Override
    public boolean recognises(String path) {
        return RepoFiles.fileName(path).equals("pom.xml");
    }

    @Override
    public void parse(String path, RepoFiles repo, Findings findings) throws IOException {
        PomModel pom = PomModel.read(repo.read(path));
        List<PomModel> lineage = lineage(path, pom, repo, findings);
        Map<String, String> properties = properties(pom, lineage);
        String groupId = expand(coalesce(pom.groupId(), pom.parent() == null ? null : pom.parent().groupId()), properties);
        String artifactId = expand(pom.artifactId(), properties);
        if (groupId != null && artifactId != null) {
            findings.publishes(ECOSYSTEM, groupId + ":" + artifactId, path);
        }

        Map<String, PomModel.PomDependency> managed = managed(lineage, properties);
        for (PomModel.PomDependency declared : pom.dependencies()) {
            String dependencyGroup = expand(declared.groupId(), properties);
            String dependencyArtifact = expand(declared.artifactId(), properties);
            if (dependencyGroup == null || dependencyArtifact == null) {
                findings.error(path, "dependency without groupId or artifactId");
                continue;
            }
            PomModel.PomDependency management = managed.get(key(declared, properties));
            String version = coalesce(declared.version(), management == null ? null : management.version());
            String scope = coalesce(declared.scope(), management == null ? null : management.scope());
            findings.dependency(ECOSYSTEM, dependencyGroup + ":" + dependencyArtifact, version(version, properties),
                    scope == null ? "compile" : expand(scope, properties), true, path);
        }
        for (PomModel.PomDependency bom : pom.managed()) {
            // an imported BOM is a real dependency of the build; plain managed entries only lend versions
            if ("import".equals(expand(bom.scope(), properties)) && bom.groupId() != null && bom.artifactId() != null) {
                findings.dependency(ECOSYSTEM, expand(bom.groupId(), properties) + ":" + expand(bom.artifactId(), properties),
                        version(bom.version(), properties), "import", true, path);
            }
        }
    }

    /** The POM followed by its ancestors that live in this repository, nearest first. */
    private static List<PomModel> lineage(String path, PomModel pom, RepoFiles repo, Findings findings) {
        List<PomModel> lineage = new ArrayList<>(List.of(pom));
        Set<String> visited = new HashSet<>(Set.of(path));
        PomModel child = pom;
        String childPath = path;
        while (child.parent() != null && child.parent().relativePath() != null && lineage.size() <= MAX_PARENTS) {
            String parentPath = parentPath(childPath, child.parent().relativePath(), repo);
            if (parentPath == null || !visited.add(parentPath)) {
                break;
            }
            PomModel parent;
            try {
                parent = PomModel.read(repo.read(parentPath));
            } catch (IOException | ManifestFormatException e) {
                findings.error(parentPath, e.getMessage());
                break;
            }
            if (!isParentOf(child.parent(), parent)) {
                break; // relativePath points at some other POM; Maven would then fetch the parent from a repository
            }
            lineage.add(parent);
            child = parent;
            childPath = parentPath;
        }
        return lineage;
    }

    private static String parentPath(String childPath, String relativePath, RepoFiles repo) {
        String resolved = RepoFiles.resolve(RepoFiles.directoryOf(childPath), relativePath);
        if (resolved == null) {
            return null;
        }
        if (repo.exists(resolved)) {
            return resolved;
        }
        // relativePath may name the parent's directory rather than its pom.xml
        String inDirectory = RepoFiles.join(resolved, "pom.xml");
        return repo.exists(inDirectory) ? inDirectory : null;
    }

    private static boolean isParentOf(PomModel.Parent declared, PomModel candidate) {
        String candidateGroup = coalesce(candidate.groupId(), candidate.parent() == null ? null : candidate.parent().groupId());
        return Objects.equals(declared.artifactId(), candidate.artifactId())
                && (declared.groupId() == null || candidateGroup == null || declared.groupId().equals(candidateGroup));
    }

    /** Ancestors' properties overridden by descendants', then the project.* values Maven derives itself. */
    private static Map<String, String> properties(PomModel pom, List<PomModel> lineage) {
        Map<String, String> properties = new HashMap<>();
        for (int i = lineage.size() - 1; i >= 0; i--) {
            properties.putAll(lineage.get(i).properties());
        }
        PomModel.Parent parent = pom.parent();
        String groupId = coalesce(pom.groupId(), parent == null ? null : parent.groupId());
        String version = coalesce(pom.version(), parent == null ? null : parent.version());
        for (String prefix : List.of("project.", "pom.")) {
            putIfPresent(properties, prefix + "groupId", groupId);
            putIfPresent(properties, prefix + "artifactId", pom.artifactId());
            putIfPresent(properties, prefix + "version", version);
        }
        if (parent != null) {
            for (String prefix : List.of("project.parent.", "parent.")) {
                putIfPresent(properties, prefix + "groupId", parent.groupId());
                putIfPresent(properties, prefix + "artifactId", parent.artifactId());
                putIfPresent(properties, prefix + "version", parent.version());
            }
        }
        return properties;
    }

    /** dependencyManagement of the whole lineage; the nearest POM wins for the same artifact. */
    private static Map<String, PomModel.PomDependency> managed(List<PomModel> lineage, Map<String, String> properties) {
        Map<String, PomModel.PomDependency> managed = new HashMap<>();
        for (int i = lineage.size() - 1; i >= 0; i--) {
            for (PomModel.PomDependency entry : lineage.get(i).managed()) {
                managed.put(key(entry, properties), entry);
            }
        }
        return managed;
    }

    /** Maven tells managed artifacts apart by type and classifier too (a test-jar is managed separately). */
    private static String key(PomModel.PomDependency dependency, Map<String, String> properties) {
        return expand(dependency.groupId(), properties) + ":" + expand(dependency.artifactId(), properties) + ":"
                + Objects.requireNonNullElse(expand(dependency.type(), properties), "jar") + ":"
                + Objects.requireNonNullElse(expand(dependency.classifier(), properties), "");
    }

    /** A version with a property nobody defines (e.g. set on the command line) is unknown, not "${...}". */
    private static String version(String raw, Map<String, String> properties) {
        String version = expand(raw, properties);
        return Placeholders.MAVEN.unresolved(version) ? null : version;
    }

    private static String expand(String raw, Map<String, String> properties) {
        return raw == null || raw.isBlank() ? null : Placeholders.MAVEN.expand(raw, properties::get);
    }

    private static void putIfPresent(Map<String, String> properties, String key, String value) {
        if (value != null && !value.isBlank()) {
            properties.put(key, value);
        }
    }

    private static String coalesce(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
