package dev.devagent.ingest.manifest;

import java.util.Objects;

/** A package a manifest declares itself to be, so other repositories' dependencies can point back here. */
public record PublishedPackage(String ecosystem, String name, String manifest) {

    public PublishedPackage {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manifest, "manifest");
    }
}
