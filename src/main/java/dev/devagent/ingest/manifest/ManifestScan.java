package dev.devagent.ingest.manifest;

import java.util.List;

/** Everything the manifests of one repository declare, deduplicated and in a stable order. */
public record ManifestScan(List<Dependency> dependencies, List<PublishedPackage> publishes, List<ManifestError> errors) {

    public ManifestScan {
        dependencies = List.copyOf(dependencies);
        publishes = List.copyOf(publishes);
        errors = List.copyOf(errors);
    }
}
