package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * npm: package.json declares the direct dependencies (with the lockfile's installed version when there is
 * one next to it); package-lock.json adds everything installed transitively.
 */
final class NpmManifestParser implements ManifestParser {

    private static final String ECOSYSTEM = "npm";
    private static final String PACKAGE_JSON = "package.json";
    private static final String LOCKFILE = "package-lock.json";

    private static final Map<String, String> SCOPE_BY_SECTION = sections();

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public boolean recognises(String path) {
        String name = RepoFiles.fileName(path);
        return name.equals(PACKAGE_JSON) || name.equals(LOCKFILE);
    }

    @Override
    public void parse(String path, RepoFiles repo, Findings findings) throws IOException {
        if (RepoFiles.fileName(path).equals(PACKAGE_JSON)) {
            parsePackageJson(path, repo, findings);
        } else {
            parseLockfile(path, repo, findings);
        }
    }

    private void parsePackageJson(String path, RepoFiles repo, Findings findings) throws IOException {
        JsonNode manifest = json.readTree(repo.read(path));
        if (!manifest.isObject()) {
            throw new ManifestFormatException("package.json is not a JSON object");
        }
        findings.publishes(ECOSYSTEM, text(manifest.get("name")), path);
        addDeclared(manifest, siblingLockfile(path, repo), path, findings);
    }

    private void parseLockfile(String path, RepoFiles repo, Findings findings) throws IOException {
        NpmLockfile lock = new NpmLockfile(json.readTree(repo.read(path)));
        Optional<JsonNode> manifest = siblingPackageJson(path, repo);
        Set<String> directKeys;
        if (manifest.isPresent()) {
            directKeys = declaredKeys(manifest.get());
        } else {
            // no package.json beside it: the lockfile's root entry is the only record of what was declared
            directKeys = declaredKeys(lock.rootPackage());
            addDeclared(lock.rootPackage(), Optional.of(lock), path, findings);
        }
        for (NpmLockfile.LockedPackage locked : lock.transitive(directKeys)) {
            findings.dependency(ECOSYSTEM, locked.name(), locked.version(), locked.scope(), false, path);
        }
    }

    private static void addDeclared(JsonNode declaring, Optional<NpmLockfile> lock, String manifest, Findings findings) {
        SCOPE_BY_SECTION.forEach((section, scope) -> {
            JsonNode dependencies = declaring.path(section);
            if (!dependencies.isObject()) {
                return;
            }
            for (Map.Entry<String, JsonNode> declared : dependencies.properties()) {
                NpmSpec spec = NpmSpec.parse(declared.getKey(), text(declared.getValue()));
                String installed = lock.map(l -> l.installedVersion(declared.getKey())).orElse(null);
                findings.dependency(ECOSYSTEM, spec.name(), installed != null ? installed : spec.range(), scope, true,
                        manifest);
            }
        });
    }

    private static Set<String> declaredKeys(JsonNode declaring) {
        Set<String> keys = new LinkedHashSet<>();
        for (String section : SCOPE_BY_SECTION.keySet()) {
            JsonNode dependencies = declaring.path(section);
            if (dependencies.isObject()) {
                dependencies.fieldNames().forEachRemaining(keys::add);
            }
        }
        return keys;
    }

    /** The lockfile next to a package.json; a broken one is reported when the lockfile itself is scanned. */
    private Optional<NpmLockfile> siblingLockfile(String packageJson, RepoFiles repo) {
        try {
            Optional<String> text = repo.readIfPresent(RepoFiles.join(RepoFiles.directoryOf(packageJson), LOCKFILE));
            return text.isEmpty() ? Optional.empty() : Optional.of(new NpmLockfile(json.readTree(text.get())));
        } catch (IOException | ManifestFormatException e) {
            return Optional.empty();
        }
    }

    /** The package.json next to a lockfile; a broken one is reported when package.json itself is scanned. */
    private Optional<JsonNode> siblingPackageJson(String lockfile, RepoFiles repo) {
        String path = RepoFiles.join(RepoFiles.directoryOf(lockfile), PACKAGE_JSON);
        if (!repo.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(repo.read(path)));
        } catch (IOException e) {
            // it exists, so it, not the lockfile, declares the direct dependencies — we just cannot tell which
            return Optional.of(json.createObjectNode());
        }
    }

    private static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("dependencies", "runtime");
        sections.put("devDependencies", "dev");
        sections.put("peerDependencies", "peer");
        sections.put("optionalDependencies", "optional");
        return sections;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
