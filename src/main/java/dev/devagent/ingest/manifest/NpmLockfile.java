package dev.devagent.ingest.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A package-lock.json: what npm actually installed. Reads the {@code packages} map of lockfile v2/v3 and
 * falls back to the nested {@code dependencies} map of v1.
 */
final class NpmLockfile {

    private static final String NODE_MODULES = "node_modules/";

    private final JsonNode packages;
    private final JsonNode legacyDependencies;

    /** An installed package that the root package.json does not declare itself. */
    record LockedPackage(String name, String version, String scope) {
    }

    NpmLockfile(JsonNode root) {
        if (!root.isObject()) {
            throw new ManifestFormatException("package-lock.json is not a JSON object");
        }
        this.packages = root.path("packages");
        this.legacyDependencies = root.path("dependencies");
    }

    /** The root entry of v2/v3 (a copy of package.json's dependency sections); missing in v1. */
    JsonNode rootPackage() {
        return packages.isObject() ? packages.path("") : MissingNode.getInstance();
    }

    /** The version installed for a dependency the root declares under {@code key} (an alias name stays the key). */
    String installedVersion(String key) {
        if (packages.isObject()) {
            JsonNode entry = packages.path(NODE_MODULES + key);
            if (entry.path("link").asBoolean(false)) {
                // a workspace symlink: the version lives on the workspace folder's own entry
                entry = packages.path(entry.path("resolved").asText(""));
            }
            return text(entry.get("version"));
        }
        String version = text(legacyDependencies.path(key).get("version"));
        return version != null && version.startsWith("npm:") ? NpmSpec.parse(key, version).range() : version;
    }

    /** Every installed package except the root's own declared ones (those come from package.json). */
    List<LockedPackage> transitive(Set<String> directKeys) {
        List<LockedPackage> found = new ArrayList<>();
        if (packages.isObject()) {
            for (Map.Entry<String, JsonNode> installed : packages.properties()) {
                fromPackagesEntry(installed.getKey(), installed.getValue(), directKeys, found);
            }
        } else if (legacyDependencies.isObject()) {
            fromLegacyDependencies(legacyDependencies, true, directKeys, found);
        }
        return found;
    }

    private static void fromPackagesEntry(String key, JsonNode entry, Set<String> directKeys, List<LockedPackage> found) {
        int at = key.lastIndexOf(NODE_MODULES);
        if (at < 0 || !entry.isObject()) {
            return; // "" is the root, other keys without node_modules/ are workspace folders
        }
        String installedAs = key.substring(at + NODE_MODULES.length());
        boolean topLevel = at == 0;
        if (topLevel && directKeys.contains(installedAs)) {
            return;
        }
        if (entry.path("link").asBoolean(false) || entry.path("extraneous").asBoolean(false)) {
            return; // links point at workspace folders with their own package.json; extraneous is not required
        }
        String name = text(entry.get("name"));
        found.add(new LockedPackage(name != null ? name : installedAs, text(entry.get("version")), scope(entry)));
    }

    private static void fromLegacyDependencies(JsonNode dependencies, boolean topLevel, Set<String> directKeys,
                                               List<LockedPackage> found) {
        for (Map.Entry<String, JsonNode> installed : dependencies.properties()) {
            JsonNode entry = installed.getValue();
            if (!entry.isObject()) {
                continue;
            }
            if (!(topLevel && directKeys.contains(installed.getKey()))) {
                NpmSpec spec = NpmSpec.parse(installed.getKey(), text(entry.get("version")));
                found.add(new LockedPackage(spec.name(), spec.range(), scope(entry)));
            }
            JsonNode nested = entry.path("dependencies");
            if (nested.isObject()) {
                fromLegacyDependencies(nested, false, directKeys, found);
            }
        }
    }

    private static String scope(JsonNode entry) {
        if (entry.path("dev").asBoolean(false) || entry.path("devOptional").asBoolean(false)) {
            return "dev";
        }
        if (entry.path("optional").asBoolean(false)) {
            return "optional";
        }
        return entry.path("peer").asBoolean(false) ? "peer" : "runtime";
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
