package dev.devagent.ingest.manifest;

/** A manifest (or one line of it) that could not be read; the rest of the scan went on without it. */
public record ManifestError(String manifest, String message) {
}
