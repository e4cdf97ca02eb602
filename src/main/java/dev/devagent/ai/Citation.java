package dev.devagent.ai;

/** Where a statement in an answer comes from: a file range at a commit of a repository. */
public record Citation(String repository, String path, Integer startLine, Integer endLine, String commitSha,
                       String url) {
}
