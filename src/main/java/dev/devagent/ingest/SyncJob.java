package dev.devagent.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** One repository sync as it moves through the repository-sync route. */
public class SyncJob {

    final UUID id;
    final String url;
    final String fullName;
    final boolean github;
    final String previousCommit;
    final Instant requestedAt;
    final long startedNanos = System.nanoTime();
    String branch;
    GitMirror.Checkout checkout;
    List<String> indexable = List.of();
    /** Every regular file of the checkout (manifests are found among them). */
    List<Path> allFiles = List.of();
    /** Paths whose chunks must be rebuilt; null means every file. */
    Set<String> changed;
    /** Stores this sync's vectors, from the first stored batch on. */
    VectorFiller vectors;
    /** The graph is written; it is built alongside the chunks. */
    volatile boolean graphReady;
    volatile long lastProgressAt;
    long filesDone;
    long filesTotal;
    long chunksTotal;
    /** The graph and keyword search are complete (vectors may still be filling in). */
    volatile boolean keywordReady;
    /** Filled by the graph and the chunking, which run at the same time. */
    final Map<String, Object> counts = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    final List<Map<String, Object>> manifestErrors = new ArrayList<>();

    SyncJob(UUID id, String url, String fullName, String branch, String previousCommit, Instant requestedAt) {
        this.id = id;
        this.url = url;
        this.fullName = fullName;
        this.branch = branch;
        this.previousCommit = previousCommit;
        this.requestedAt = requestedAt;
        this.github = url.startsWith("https://github.com/");
    }

    public UUID id() {
        return id;
    }

    public String fullName() {
        return fullName;
    }
}
