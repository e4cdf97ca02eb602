package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read access to one checked-out repository by repo-relative, '/'-separated path. Nothing outside the
 * repository can be read, not even through a symlink or a "../" in a manifest.
 */
final class RepoFiles {

    // a lockfile of a large monorepo is tens of MB; anything far bigger is not a manifest worth a heap
    static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

    private final Path root;
    private final Set<String> listed;
    private final Map<String, String> texts = new HashMap<>();

    RepoFiles(Path root, Collection<String> listed) {
        this.root = root.toAbsolutePath().normalize();
        this.listed = Set.copyOf(listed);
    }

    /** Whether the caller's walk of the repository included this file. */
    boolean isListed(String path) {
        return listed.contains(path);
    }

    boolean exists(String path) {
        return path != null && Files.isRegularFile(root.resolve(path));
    }

    Optional<String> readIfPresent(String path) throws IOException {
        return exists(path) ? Optional.of(read(path)) : Optional.empty();
    }

    /** The file as text: UTF-8 unless a byte-order mark says UTF-16; the mark itself is dropped. */
    String read(String path) throws IOException {
        String cached = texts.get(path);
        if (cached != null) {
            return cached;
        }
        Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new IOException("file not found: " + path);
        }
        Path real = file.toRealPath();
        if (!real.startsWith(root.toRealPath())) {
            throw new IOException("file points outside the repository: " + path);
        }
        if (Files.size(real) > MAX_FILE_BYTES) {
            throw new IOException("file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB: " + path);
        }
        String text = decode(Files.readAllBytes(real));
        texts.put(path, text);
        return text;
    }

    /** The first {@code fileName} found in {@code directory} or any directory above it inside the repository. */
    Optional<String> nearestAbove(String directory, String fileName) {
        for (String dir = directory; dir != null; dir = parentOf(dir)) {
            String candidate = join(dir, fileName);
            if (exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static String decode(byte[] bytes) {
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return decode(bytes, 3, StandardCharsets.UTF_8);
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return decode(bytes, 2, StandardCharsets.UTF_16BE);
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return decode(bytes, 2, StandardCharsets.UTF_16LE);
        }
        // a stray Latin-1 byte in a description must not cost us the dependencies, so it becomes U+FFFD
        return decode(bytes, 0, StandardCharsets.UTF_8);
    }

    private static String decode(byte[] bytes, int offset, Charset charset) {
        return charset.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code relative} (either separator) resolved against a repo-relative directory, or null when it is
     * absolute or climbs out of the repository.
     */
    static String resolve(String directory, String relative) {
        String spec = relative.replace('\\', '/').strip();
        if (spec.isEmpty() || spec.startsWith("/") || spec.matches("^[A-Za-z]:.*")) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : (directory.isEmpty() ? spec : directory + "/" + spec).split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(segment);
            }
        }
        return String.join("/", parts);
    }

    /** The directory of a repo-relative path; "" for the repository root. */
    static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String join(String directory, String name) {
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    /** The directory above a repo-relative directory, or null above the root. */
    static String parentOf(String directory) {
        return directory.isEmpty() ? null : directoryOf(directory);
    }
}
