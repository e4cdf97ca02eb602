package dev.devagent.ingest.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.springframework.stereotype.Component;

/**
 * Cuts a file into overlapping line windows small enough for the embedding model to see whole:
 * all-MiniLM-L6-v2 stops reading after 128 word pieces, about 12 lines or 400 characters of code,
 * so anything larger would be embedded as if its tail did not exist. A line longer than the
 * character budget gets chunks of its own, each citing that one line.
 */
@Component
public class CodeChunker {

    public static final int DEFAULT_MAX_LINES = 12;
    public static final int DEFAULT_MAX_CHARS = 400;
    public static final int DEFAULT_OVERLAP_LINES = 2;

    private final int maxLines;
    private final int maxChars;
    private final int overlapLines;

    public CodeChunker() {
        this(DEFAULT_MAX_LINES, DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_LINES);
    }

    public CodeChunker(int maxLines, int maxChars, int overlapLines) {
        if (maxLines < 1 || maxChars < 2 || overlapLines < 0 || overlapLines >= maxLines) {
            throw new IllegalArgumentException("need maxLines >= 1, maxChars >= 2 and 0 <= overlapLines < maxLines, got "
                    + maxLines + ", " + maxChars + ", " + overlapLines);
        }
        this.maxLines = maxLines;
        this.maxChars = maxChars;
        this.overlapLines = overlapLines;
    }

    /** Chunks in file order; none for an empty or blank file (the embedding model rejects blank text). */
    public List<CodeChunk> chunk(String repoRelativePath, String text) {
        String language = Languages.of(repoRelativePath);
        List<String> lines = lines(Objects.requireNonNull(text, "text"));
        List<CodeChunk> chunks = new ArrayList<>();
        int start = 0;
        while (start < lines.size()) {
            if (lines.get(start).length() > maxChars) {
                addPiecesOfLongLine(chunks, start + 1, lines.get(start), language);
                start++;
                continue;
            }
            int end = lastLineOfWindow(lines, start);
            add(chunks, start + 1, end + 1, String.join("\n", lines.subList(start, end + 1)), language);
            if (end == lines.size() - 1) {
                break;
            }
            start = nextStart(lines, start, end);
        }
        return chunks;
    }

    private int lastLineOfWindow(List<String> lines, int start) {
        int end = start;
        int chars = lines.get(start).length();
        while (end + 1 < lines.size() && end + 2 - start <= maxLines
                && chars + 1 + lines.get(end + 1).length() <= maxChars) {
            end++;
            chars += 1 + lines.get(end).length();
        }
        return end;
    }

    private int nextStart(List<String> lines, int start, int end) {
        // at most half of a short window repeats, so no line is embedded more than about twice
        int overlap = Math.min(overlapLines, (end - start) / 2);
        // the next window must reach at least one new line, or chunking would never advance
        while (overlap > 0 && charsOf(lines, end + 1 - overlap, end + 1) > maxChars) {
            overlap--;
        }
        return end + 1 - overlap;
    }

    private static int charsOf(List<String> lines, int from, int to) {
        int chars = to - from;
        for (int i = from; i <= to; i++) {
            chars += lines.get(i).length();
        }
        return chars;
    }

    private void addPiecesOfLongLine(List<CodeChunk> chunks, int lineNumber, String line, String language) {
        int from = 0;
        while (from < line.length()) {
            int to = Math.min(line.length(), from + maxChars);
            // never cut a surrogate pair in half: the halves are not valid text
            if (to < line.length() && Character.isLowSurrogate(line.charAt(to))) {
                to--;
            }
            add(chunks, lineNumber, lineNumber, line.substring(from, to), language);
            from = to;
        }
    }

    private static void add(List<CodeChunk> chunks, int startLine, int endLine, String content, String language) {
        if (!content.isBlank()) {
            chunks.add(new CodeChunk(startLine, endLine, language, content, sha256Hex(content)));
        }
    }

    /** Lines as editors number them: {@code \n}, {@code \r\n} and a lone {@code \r} each end one; a final one adds none. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(lineStart, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                lineStart = i + 1;
            }
        }
        if (lineStart < text.length()) {
            lines.add(text.substring(lineStart));
        }
        return lines;
    }

    static String sha256Hex(String content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
