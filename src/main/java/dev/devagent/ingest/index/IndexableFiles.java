package dev.devagent.ingest.index;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Which files of a checked-out repository go into the code index, and their text.
 * <p>
 * Symbolic links are never followed and never indexed, wherever they point: a link that leaves the
 * repository could expose the host's files, and a link that stays inside only duplicates a file that
 * is indexed under its real path anyway. Files are read with {@code NOFOLLOW_LINKS}, so a link swapped
 * in after the check is refused by the operating system.
 */
@Component
public class IndexableFiles {

    public static final long DEFAULT_MAX_FILE_BYTES = 512 * 1024;
    public static final int DEFAULT_MAX_LINE_CHARS = 5_000;
    static final int BINARY_SNIFF_BYTES = 8 * 1024;

    private final long maxFileBytes;
    private final int maxLineChars;

    public IndexableFiles() {
        this(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_LINE_CHARS);
    }

    public IndexableFiles(long maxFileBytes, int maxLineChars) {
        if (maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE - 16 || maxLineChars < 1) {
            throw new IllegalArgumentException("need 1 <= maxFileBytes < 2 GiB and maxLineChars >= 1");
        }
        this.maxFileBytes = maxFileBytes;
        this.maxLineChars = maxLineChars;
    }

    /** Repository-relative paths of every indexable file, sorted by their '/'-separated form. */
    public List<Path> list(Path repoRoot) throws IOException {
        Path root = repoRoot.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(repoRoot.toString());
        }
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                boolean excluded = !dir.equals(root) && PathRules.isExcludedDirectory(dir.getFileName().toString());
                return excluded ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path relative = root.relativize(file);
                if (inspect(root, relative, attrs).skipReason() == null) {
                    found.add(relative);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException unreadable) {
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(IndexableFiles::slashed));
        return found;
    }

    /** Why one file is left out, or empty when it is indexable; {@code file} is repository-relative or absolute. */
    public Optional<SkipReason> skipReason(Path repoRoot, Path file) {
        return Optional.ofNullable(inspect(repoRoot, file).skipReason());
    }

    public boolean isIndexable(Path repoRoot, Path file) {
        return inspect(repoRoot, file).skipReason() == null;
    }

    /** The decoded text of an indexable file, read under the same checks as {@link #list}. */
    public Optional<String> readText(Path repoRoot, Path file) {
        return Optional.ofNullable(inspect(repoRoot, file).text());
    }

    /** The checks that need only the path, for files known from a diff that may no longer exist. */
    public static Optional<SkipReason> skipReasonByPath(String repoRelativePath) {
        return PathRules.skipReason(repoRelativePath);
    }

    private Inspection inspect(Path repoRoot, Path file) {
        Path root;
        try {
            root = repoRoot.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("repository root is not readable: " + repoRoot, e);
        }
        Path relative = relativeTo(repoRoot, root, file);
        if (relative == null) {
            return Inspection.skipped(SkipReason.OUTSIDE_REPOSITORY);
        }
        try {
            Path parent = relative.getParent() == null ? root : root.resolve(relative.getParent());
            Path realParent = parent.toRealPath();
            if (!realParent.startsWith(root)) {
                return Inspection.skipped(SkipReason.OUTSIDE_REPOSITORY);
            }
            // a linked directory on the way: the walk never descends into one, so neither does this
            if (!realParent.equals(parent)) {
                return Inspection.skipped(SkipReason.SYMBOLIC_LINK);
            }
            BasicFileAttributes attrs = Files.readAttributes(root.resolve(relative), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return inspect(root, relative, attrs);
        } catch (NoSuchFileException gone) {
            return Inspection.skipped(SkipReason.NOT_A_REGULAR_FILE);
        } catch (IOException e) {
            return Inspection.skipped(SkipReason.UNREADABLE);
        }
    }

    private Inspection inspect(Path root, Path relative, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            return Inspection.skipped(leavesRoot(root, root.resolve(relative))
                    ? SkipReason.OUTSIDE_REPOSITORY : SkipReason.SYMBOLIC_LINK);
        }
        if (!attrs.isRegularFile()) {
            return Inspection.skipped(SkipReason.NOT_A_REGULAR_FILE);
        }
        Optional<SkipReason> byPath = PathRules.skipReason(slashed(relative));
        if (byPath.isPresent()) {
            return Inspection.skipped(byPath.get());
        }
        if (attrs.size() > maxFileBytes) {
            return Inspection.skipped(SkipReason.TOO_LARGE);
        }
        byte[] bytes;
        try {
            bytes = readAtMost(root.resolve(relative), maxFileBytes + 1);
        } catch (IOException e) {
            return Inspection.skipped(SkipReason.UNREADABLE);
        }
        // the file may have grown since its size was read
        if (bytes.length > maxFileBytes) {
            return Inspection.skipped(SkipReason.TOO_LARGE);
        }
        if (looksBinary(bytes)) {
            return Inspection.skipped(SkipReason.BINARY_CONTENT);
        }
        String text = TextDecoder.decode(bytes);
        if (hasLineLongerThan(text, maxLineChars)) {
            return Inspection.skipped(SkipReason.MINIFIED);
        }
        return new Inspection(null, text);
    }

    private static Path relativeTo(Path givenRoot, Path realRoot, Path file) {
        Path relative;
        if (!file.isAbsolute()) {
            relative = file.normalize();
        } else if (file.normalize().startsWith(realRoot)) {
            relative = realRoot.relativize(file.normalize());
        } else if (file.normalize().startsWith(givenRoot.toAbsolutePath().normalize())) {
            relative = givenRoot.toAbsolutePath().normalize().relativize(file.normalize());
        } else {
            return null;
        }
        return relative.startsWith("..") ? null : relative;
    }

    private static boolean leavesRoot(Path root, Path link) {
        try {
            return !link.toRealPath().startsWith(root);
        } catch (IOException dangling) {
            try {
                return !link.getParent().resolve(Files.readSymbolicLink(link)).normalize().startsWith(root);
            } catch (IOException unreadable) {
                return true;
            }
        }
    }

    private static byte[] readAtMost(Path file, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes((int) limit);
        }
    }

    static boolean looksBinary(byte[] bytes) {
        if (TextDecoder.hasUtf16Bom(bytes)) {
            return false;
        }
        int end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
        for (int i = 0; i < end; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    static boolean hasLineLongerThan(String text, int maxChars) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            length = c == '\n' || c == '\r' ? 0 : length + 1;
            if (length > maxChars) {
                return true;
            }
        }
        return false;
    }

    static String slashed(Path relative) {
        return relative.toString().replace(File.separatorChar, '/');
    }

    private record Inspection(SkipReason skipReason, String text) {
        static Inspection skipped(SkipReason reason) {
            return new Inspection(reason, null);
        }
    }
}
