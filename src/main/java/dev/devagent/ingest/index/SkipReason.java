package dev.devagent.ingest.index;

/** Why a file stays out of the code index. */
public enum SkipReason {
    /** The path, or a symbolic link on the way to it, leads outside the repository. */
    OUTSIDE_REPOSITORY,
    /** A symbolic link inside the repository; its target is indexed under its own path. */
    SYMBOLIC_LINK,
    /** A directory, device, pipe or a file that no longer exists. */
    NOT_A_REGULAR_FILE,
    /** Under {@code .git} or a vendored, dependency, build or IDE directory. */
    EXCLUDED_DIRECTORY,
    /** Private keys and keystores: nothing to learn from them, everything to leak. */
    KEY_MATERIAL,
    /** Lock files: generated, huge, and already read by the dependency parsers. */
    GENERATED,
    /** Images, archives, compiled code, fonts, documents, media. */
    BINARY_EXTENSION,
    /** A NUL byte near the start, the mark of binary content. */
    BINARY_CONTENT,
    /** Larger than the configured limit. */
    TOO_LARGE,
    /** A {@code .min.js}-style name or a line longer than the configured limit. */
    MINIFIED,
    /** Could not be read. */
    UNREADABLE
}
