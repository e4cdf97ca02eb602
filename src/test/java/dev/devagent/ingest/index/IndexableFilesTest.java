package dev.devagent.ingest.index;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexableFilesTest {

    private static final int KIB = 1024;

    @TempDir
    Path temp;

    private Path repo;
    private Path outside;
    private final IndexableFiles files = new IndexableFiles();

    @BeforeEach
    void createRepository() throws IOException {
        repo = Files.createDirectories(temp.resolve("repo"));
        outside = Files.createDirectories(temp.resolve("outside"));
        write(outside.resolve("host-secret.txt"), "root:x:0:0\n");
    }

    @Test
    void listsSourceFilesSortedBySlashSeparatedPath() throws IOException {
        write("src/main/App.java", "class App {}\n");
        write("src/util/helper.py", "def f():\n    pass\n");
        write("README.md", "# Readme\n");
        write("a.txt", "a\n");
        write("a-b/x.txt", "x\n");
        write("a/b.txt", "b\n");
        write(".env", "TOKEN=abc\n");
        write(".github/workflows/ci.yml", "on: push\n");
        write("empty.txt", "");

        assertThat(slashed(files.list(repo))).containsExactly(
                ".env", ".github/workflows/ci.yml", "README.md", "a-b/x.txt", "a.txt", "a/b.txt", "empty.txt",
                "src/main/App.java", "src/util/helper.py");
    }

    @Test
    void skipsGitVendoredBuildAndToolDirectoriesAtAnyDepth() throws IOException {
        write("src/keep.ts", "export {}\n");
        for (String dir : List.of(".git", "node_modules/react", "frontend/node_modules/lodash", "vendor/github.com/x",
                "target/classes", "build", "dist", "out", "bin/Debug", "obj", ".venv/lib", "venv", "__pycache__",
                ".gradle", ".idea", ".next/server", "coverage", "Pods", "pkg/thing.egg-info")) {
            write(dir + "/file.js", "var x = 1;\n");
        }

        assertThat(slashed(files.list(repo))).containsExactly("src/keep.ts");
        assertThat(IndexableFiles.skipReasonByPath("frontend/node_modules/lodash/file.js"))
                .contains(SkipReason.EXCLUDED_DIRECTORY);
        assertThat(IndexableFiles.skipReasonByPath("src/Node_Modules/x.js")).contains(SkipReason.EXCLUDED_DIRECTORY);
        // a file named like an excluded directory is still a file
        assertThat(IndexableFiles.skipReasonByPath("docs/build")).isEmpty();
    }

    @Test
    void skipsBinaryFilesByExtensionAndByContent() throws IOException {
        write("assets/logo.png", "not really an image, but the extension decides\n");
        write("lib/app.jar", "PK...\n");
        write("fonts/Inter.woff2", "x\n");
        write("docs/spec.pdf", "%PDF-1.7\n");
        write("classes/A.class", "x\n");
        byte[] withNul = "header text\n".getBytes(StandardCharsets.UTF_8);
        withNul = Arrays.copyOf(withNul, withNul.length + 10);
        Files.write(repo.resolve("data.txt"), withNul);
        byte[] nulAfterSniffWindow = textBytes(IndexableFiles.BINARY_SNIFF_BYTES + 10);
        nulAfterSniffWindow[IndexableFiles.BINARY_SNIFF_BYTES + 5] = 0;
        Files.write(repo.resolve("mostly-text.txt"), nulAfterSniffWindow);

        assertThat(slashed(files.list(repo))).containsExactly("mostly-text.txt");
        assertReasons(Map.of(
                "assets/logo.png", SkipReason.BINARY_EXTENSION,
                "lib/app.jar", SkipReason.BINARY_EXTENSION,
                "fonts/Inter.woff2", SkipReason.BINARY_EXTENSION,
                "docs/spec.pdf", SkipReason.BINARY_EXTENSION,
                "classes/A.class", SkipReason.BINARY_EXTENSION,
                "data.txt", SkipReason.BINARY_CONTENT));
        assertThat(files.readText(repo, Path.of("mostly-text.txt")).orElseThrow()).doesNotContain("\0");
    }

    @Test
    void skipsFilesOverTheSizeLimitButKeepsOneExactlyAtIt() throws IOException {
        Files.write(repo.resolve("at-limit.txt"), textBytes(512 * KIB));
        Files.write(repo.resolve("over-limit.txt"), textBytes(512 * KIB + 1));

        assertThat(slashed(files.list(repo))).containsExactly("at-limit.txt");
        assertThat(files.skipReason(repo, Path.of("over-limit.txt"))).contains(SkipReason.TOO_LARGE);

        IndexableFiles small = new IndexableFiles(100, 5_000);
        Files.write(repo.resolve("a100.txt"), textBytes(100));
        Files.write(repo.resolve("a101.txt"), textBytes(101));
        assertThat(small.isIndexable(repo, Path.of("a100.txt"))).isTrue();
        assertThat(small.skipReason(repo, Path.of("a101.txt"))).contains(SkipReason.TOO_LARGE);
    }

    @Test
    void skipsMinifiedFilesByNameAndByLineLength() throws IOException {
        write("static/app.min.js", "var a=1;\n");
        write("static/site.min.css", "a{}\n");
        write("static/app.js.map", "{}\n");
        write("static/bundle.js", "var a = 1;\n" + "x".repeat(5_001) + "\n");
        write("static/edge.js", "var a = 1;\n" + "x".repeat(5_000) + "\n");
        write("static/app.js", "export function run() {}\n");

        assertThat(slashed(files.list(repo))).containsExactly("static/app.js", "static/edge.js");
        assertReasons(Map.of(
                "static/app.min.js", SkipReason.MINIFIED,
                "static/site.min.css", SkipReason.MINIFIED,
                "static/app.js.map", SkipReason.MINIFIED,
                "static/bundle.js", SkipReason.MINIFIED));
    }

    @Test
    void skipsLockFilesAndKeyMaterial() throws IOException {
        write("package-lock.json", "{}\n");
        write("yarn.lock", "x\n");
        write("go.sum", "x\n");
        write("certs/server.pem", "x\n");
        write("certs/server.key", "x\n");
        write("deploy/id_rsa", "x\n");
        write("package.json", "{}\n");

        assertThat(slashed(files.list(repo))).containsExactly("package.json");
        assertReasons(Map.of(
                "package-lock.json", SkipReason.GENERATED,
                "yarn.lock", SkipReason.GENERATED,
                "go.sum", SkipReason.GENERATED,
                "certs/server.pem", SkipReason.KEY_MATERIAL,
                "certs/server.key", SkipReason.KEY_MATERIAL,
                "deploy/id_rsa", SkipReason.KEY_MATERIAL));
    }

    @Test
    void neverFollowsASymlinkOutOfTheRepository() throws IOException {
        write("src/App.java", "class App {}\n");
        Files.createSymbolicLink(repo.resolve("escape.txt"), outside.resolve("host-secret.txt"));
        Files.createSymbolicLink(repo.resolve("relative-escape.txt"), Path.of("../outside/host-secret.txt"));
        Files.createSymbolicLink(repo.resolve("linked-dir"), outside);

        List<Path> listed = files.list(repo);

        assertThat(slashed(listed)).containsExactly("src/App.java");
        assertReasons(Map.of(
                "escape.txt", SkipReason.OUTSIDE_REPOSITORY,
                "relative-escape.txt", SkipReason.OUTSIDE_REPOSITORY,
                "linked-dir", SkipReason.OUTSIDE_REPOSITORY,
                "linked-dir/host-secret.txt", SkipReason.OUTSIDE_REPOSITORY));
        assertThat(files.readText(repo, Path.of("escape.txt"))).isEmpty();
        assertThat(files.readText(repo, Path.of("linked-dir/host-secret.txt"))).isEmpty();
    }

    @Test
    void skipsSymlinksThatStayInsideTooBecauseTheirTargetIsListedAnyway() throws IOException {
        write("src/App.java", "class App {}\n");
        Files.createSymbolicLink(repo.resolve("App-link.java"), repo.resolve("src/App.java"));
        Files.createSymbolicLink(repo.resolve("src-link"), Path.of("src"));
        Files.createSymbolicLink(repo.resolve("dangling.txt"), Path.of("does-not-exist.txt"));

        assertThat(slashed(files.list(repo))).containsExactly("src/App.java");
        assertReasons(Map.of(
                "App-link.java", SkipReason.SYMBOLIC_LINK,
                "src-link", SkipReason.SYMBOLIC_LINK,
                "src-link/App.java", SkipReason.SYMBOLIC_LINK,
                "dangling.txt", SkipReason.SYMBOLIC_LINK));
    }

    @Test
    void refusesPathsThatLeadOutOfTheRepository() throws IOException {
        write("src/App.java", "class App {}\n");

        assertThat(files.skipReason(repo, Path.of("../outside/host-secret.txt"))).contains(SkipReason.OUTSIDE_REPOSITORY);
        assertThat(files.skipReason(repo, Path.of("src/../../outside/host-secret.txt")))
                .contains(SkipReason.OUTSIDE_REPOSITORY);
        assertThat(files.skipReason(repo, outside.resolve("host-secret.txt"))).contains(SkipReason.OUTSIDE_REPOSITORY);
        assertThat(files.skipReason(repo, Path.of("src/missing.java"))).contains(SkipReason.NOT_A_REGULAR_FILE);
        assertThat(files.skipReason(repo, Path.of("src"))).contains(SkipReason.NOT_A_REGULAR_FILE);
        assertThat(files.isIndexable(repo, repo.resolve("src/App.java"))).isTrue();
        assertThat(files.isIndexable(repo, Path.of("src/App.java"))).isTrue();
    }

    @Test
    void aRepositoryReachedThroughASymlinkListsTheSameRelativePaths() throws IOException {
        write("src/App.java", "class App {}\n");
        Path rootLink = Files.createSymbolicLink(temp.resolve("repo-link"), repo);

        assertThat(slashed(files.list(rootLink))).containsExactly("src/App.java");
        assertThat(files.isIndexable(rootLink, rootLink.resolve("src/App.java"))).isTrue();
    }

    @Test
    void readsWindows1252AndUtf16TextAsIndexableText() throws IOException {
        String legacy = "// Gr\u00fc\u00dfe aus K\u00f6ln \u2013 \u20ac\nclass Legacy {}\n";
        Files.write(repo.resolve("Legacy.java"), legacy.getBytes(Charset.forName("windows-1252")));
        String wide = "class Wide {}\r\n";
        byte[] utf16 = ("\uFEFF" + wide).getBytes(StandardCharsets.UTF_16LE);
        Files.write(repo.resolve("Wide.cs"), utf16);

        assertThat(slashed(files.list(repo))).containsExactly("Legacy.java", "Wide.cs");
        assertThat(files.readText(repo, Path.of("Legacy.java"))).contains(legacy);
        assertThat(files.readText(repo, Path.of("Wide.cs"))).contains(wide);
    }

    @Test
    void readTextIsEmptyForSkippedFilesAndTheTextForIndexableOnes() throws IOException {
        write("src/App.java", "\uFEFFclass App {}\n");
        write("node_modules/x/index.js", "module.exports = 1;\n");

        assertThat(files.readText(repo, Path.of("src/App.java"))).isEqualTo(Optional.of("class App {}\n"));
        assertThat(files.readText(repo, Path.of("node_modules/x/index.js"))).isEmpty();
    }

    @Test
    void listingSomethingThatIsNotARepositoryDirectoryFails() throws IOException {
        write("file.txt", "x\n");

        assertThatThrownBy(() -> files.list(repo.resolve("file.txt"))).isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> files.list(repo.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }

    private void assertReasons(Map<String, SkipReason> expected) {
        expected.forEach((path, reason) -> assertThat(files.skipReason(repo, Path.of(path)))
                .as(path).contains(reason));
    }

    private void write(String relative, String content) throws IOException {
        write(repo.resolve(relative), content);
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static byte[] textBytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i % 80 == 79 ? '\n' : 'a' + i % 26);
        }
        return bytes;
    }

    private static List<String> slashed(List<Path> paths) {
        return paths.stream().map(IndexableFiles::slashed).toList();
    }
}
