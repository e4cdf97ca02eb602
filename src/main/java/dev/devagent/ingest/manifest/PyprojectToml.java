package dev.devagent.ingest.manifest;

import java.util.List;
import java.util.Map;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * pyproject.toml: PEP 621 {@code [project]} (dependencies, optional-dependencies), PEP 735
 * {@code [dependency-groups]}, {@code [build-system] requires}, and Poetry's {@code [tool.poetry]} tables.
 */
final class PyprojectToml {

    private static final String ECOSYSTEM = PythonManifestParser.ECOSYSTEM;

    private PyprojectToml() {
    }

    static void read(String path, String text, Findings findings) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            throw new ManifestFormatException("invalid TOML at line " + first.position().line() + ": " + first.getMessage());
        }
        TomlTable project = table(toml, "project");
        if (project != null) {
            publish(project.get(List.of("name")), path, findings);
            requirements(project.get(List.of("dependencies")), "runtime", "project.dependencies", path, findings);
            TomlTable optional = table(project, "optional-dependencies");
            if (optional != null) {
                for (Map.Entry<String, Object> extra : optional.entrySet()) {
                    requirements(extra.getValue(), "optional", "project.optional-dependencies." + extra.getKey(), path,
                            findings);
                }
            }
        }
        TomlTable groups = table(toml, "dependency-groups");
        if (groups != null) {
            for (Map.Entry<String, Object> group : groups.entrySet()) {
                requirements(group.getValue(), PythonManifestParser.scopeFromName(group.getKey(), "dev"),
                        "dependency-groups." + group.getKey(), path, findings);
            }
        }
        TomlTable buildSystem = table(toml, "build-system");
        if (buildSystem != null) {
            requirements(buildSystem.get(List.of("requires")), "build", "build-system.requires", path, findings);
        }
        TomlTable tool = table(toml, "tool");
        TomlTable poetry = tool == null ? null : table(tool, "poetry");
        if (poetry != null) {
            poetry(poetry, path, findings);
        }
    }

    private static void poetry(TomlTable poetry, String path, Findings findings) {
        publish(poetry.get(List.of("name")), path, findings);
        poetryDependencies(table(poetry, "dependencies"), "runtime", path, findings);
        poetryDependencies(table(poetry, "dev-dependencies"), "dev", path, findings);
        TomlTable groups = table(poetry, "group");
        if (groups != null) {
            for (Map.Entry<String, Object> group : groups.entrySet()) {
                if (group.getValue() instanceof TomlTable groupTable) {
                    poetryDependencies(table(groupTable, "dependencies"),
                            PythonManifestParser.scopeFromName(group.getKey(), "dev"), path, findings);
                }
            }
        }
    }

    /** Poetry writes {@code name = "^1.2"} or {@code name = { version = "^1.2", optional = true, ... }}. */
    private static void poetryDependencies(TomlTable dependencies, String scope, String path, Findings findings) {
        if (dependencies == null) {
            return;
        }
        for (Map.Entry<String, Object> dependency : dependencies.entrySet()) {
            if (dependency.getKey().equalsIgnoreCase("python")) {
                continue; // the interpreter constraint, not a package
            }
            String version = null;
            String dependencyScope = scope;
            if (dependency.getValue() instanceof String constraint) {
                version = constraint;
            } else if (dependency.getValue() instanceof TomlTable details) {
                version = details.get(List.of("version")) instanceof String constraint ? constraint : null;
                if (Boolean.TRUE.equals(details.get(List.of("optional")))) {
                    dependencyScope = "optional";
                }
            }
            if (version != null && version.strip().equals("*")) {
                version = null; // Poetry's "any version" says as little as no version (arrays of constraints likewise)
            }
            findings.dependency(ECOSYSTEM, PythonRequirement.normalise(dependency.getKey()), version, dependencyScope, true,
                    path);
        }
    }

    private static void requirements(Object list, String scope, String where, String path, Findings findings) {
        if (!(list instanceof TomlArray array)) {
            return;
        }
        for (Object entry : array.toList()) {
            if (entry instanceof String text) {
                try {
                    PythonRequirement requirement = PythonRequirement.parse(text);
                    findings.dependency(ECOSYSTEM, requirement.name(), requirement.version(), scope, true, path);
                } catch (ManifestFormatException e) {
                    findings.error(path, where + ": " + e.getMessage());
                }
            }
        }
    }

    private static void publish(Object name, String path, Findings findings) {
        if (name instanceof String text && !text.isBlank()) {
            findings.publishes(ECOSYSTEM, PythonRequirement.normalise(text), path);
        }
    }

    /** A sub-table by one literal key (no dotted-key parsing, since user keys may contain dots). */
    private static TomlTable table(TomlTable parent, String key) {
        return parent.get(List.of(key)) instanceof TomlTable table ? table : null;
    }
}
