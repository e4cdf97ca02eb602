package dev.devagent.ingest.manifest;

import java.util.ArrayList;
import java.util.List;

/** What a parser found in one manifest, kept apart until the parser finishes so a failure can drop it whole. */
final class Findings {

    final List<Dependency> dependencies = new ArrayList<>();
    final List<PublishedPackage> publishes = new ArrayList<>();
    final List<ManifestError> errors = new ArrayList<>();

    void dependency(String ecosystem, String name, String version, String scope, boolean direct, String manifest) {
        dependencies.add(new Dependency(ecosystem, name, blankToNull(version), scope, direct, manifest));
    }

    void publishes(String ecosystem, String name, String manifest) {
        if (name != null && !name.isBlank()) {
            publishes.add(new PublishedPackage(ecosystem, name.strip(), manifest));
        }
    }

    void error(String manifest, String message) {
        errors.add(new ManifestError(manifest, message));
    }

    private static String blankToNull(String version) {
        return version == null || version.isBlank() ? null : version.strip();
    }
}
