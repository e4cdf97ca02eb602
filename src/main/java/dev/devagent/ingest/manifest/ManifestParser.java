package dev.devagent.ingest.manifest;

import java.io.IOException;

/** One ecosystem's reader: it says which files are its manifests and turns one of them into findings. */
interface ManifestParser {

    /** @param path repo-relative, '/'-separated */
    boolean recognises(String path);

    /**
     * Reads {@code path} (and any file it pulls in through {@code repo}) into {@code findings}.
     * Throwing discards this manifest's findings and records one error for it.
     */
    void parse(String path, RepoFiles repo, Findings findings) throws IOException;
}
