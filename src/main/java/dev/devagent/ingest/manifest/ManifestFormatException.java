package dev.devagent.ingest.manifest;

/** A manifest whose content does not have the shape its format requires. */
final class ManifestFormatException extends RuntimeException {

    ManifestFormatException(String message) {
        super(message);
    }

    ManifestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
