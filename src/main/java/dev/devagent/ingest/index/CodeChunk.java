package dev.devagent.ingest.index;

/**
 * A piece of one file, ready to embed. Lines are 1-based and inclusive, so a citation is
 * {@code path:startLine-endLine}; {@code contentHash} depends on the content only, so an unchanged
 * chunk keeps its embedding even when it moves or the file is renamed.
 */
public record CodeChunk(int startLine, int endLine, String language, String content, String contentHash) {
}
