package dev.devagent.ingest.manifest;

import java.util.Objects;

/**
 * One package a manifest asks for. {@code version} is the resolved version when a lockfile or
 * pin says so, otherwise the declared range, or null when the manifest gives none we can read.
 */
public record Dependency(String ecosystem, String name, String version, String scope, boolean direct, String manifest) {

    public Dependency {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(manifest, "manifest");
    }
}
