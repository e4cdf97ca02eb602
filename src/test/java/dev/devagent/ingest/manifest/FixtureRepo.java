package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A repository on disk built file by file for one test, scanned the way the ingest walk would hand it over. */
final class FixtureRepo {

    private final Path root;

    FixtureRepo(Path root) {
        this.root = root;
    }

    FixtureRepo file(String path, String content) {
        return bytes(path, content.getBytes(StandardCharsets.UTF_8));
    }

    FixtureRepo bytes(String path, byte[] content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    /** Every regular file under the root, as repo-relative paths. */
    List<Path> files() {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ManifestScan scan() {
        return new ManifestScanner().scan(root, files());
    }

    /** The dependencies one manifest contributed, in scan order. */
    static List<Dependency> from(ManifestScan scan, String manifest) {
        return scan.dependencies().stream().filter(d -> d.manifest().equals(manifest)).toList();
    }
}
