package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ManifestScannerTest {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    @Test
    void oneBrokenManifestPerEcosystemNeverStopsTheGoodOnes() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("bad/package.json", "{ \"name\": ")
                .file("bad/pom.xml", "<project><artifactId>x</project>")
                .file("bad/Bad.csproj", "<Project><ItemGroup></Project>")
                .file("bad/go.mod", "require (\n")
                .file("bad/pyproject.toml", "[project\nname = 1")
                .file("good/package.json", "{\"name\":\"good\",\"dependencies\":{\"zod\":\"^3.22.4\"}}")
                .file("good/pom.xml", "<project><groupId>g</groupId><artifactId>good</artifactId></project>")
                .file("good/Good.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"/>")
                .file("good/go.mod", "module example.com/good\n")
                .file("good/pyproject.toml", "[project]\nname = \"good\"\n")
                .scan();

        assertThat(scan.errors()).extracting(ManifestError::manifest).containsExactly(
                "bad/Bad.csproj", "bad/go.mod", "bad/package.json", "bad/pom.xml", "bad/pyproject.toml");
        assertThat(scan.publishes()).containsExactly(
                new PublishedPackage("nuget", "Good", "good/Good.csproj"),
                new PublishedPackage("go", "example.com/good", "good/go.mod"),
                new PublishedPackage("npm", "good", "good/package.json"),
                new PublishedPackage("maven", "g:good", "good/pom.xml"),
                new PublishedPackage("pypi", "good", "good/pyproject.toml"));
        assertThat(scan.dependencies()).containsExactly(
                new Dependency("npm", "zod", "^3.22.4", "runtime", true, "good/package.json"));
    }

    @Test
    void readsFilesThatStartWithAByteOrderMark() {
        FixtureRepo repo = new FixtureRepo(dir)
                .bytes("package.json", withUtf8Bom("{\"name\":\"bom\",\"dependencies\":{\"lodash\":\"4.17.21\"}}"))
                .bytes("pom.xml", withUtf8Bom("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <project><groupId>g</groupId><artifactId>bom</artifactId>
                          <dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency></dependencies>
                        </project>
                        """))
                .bytes("Bom.csproj", withUtf8Bom("""
                        <Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Dapper" Version="2.1.35" /></ItemGroup></Project>
                        """))
                .bytes("Wide/Wide.csproj", withUtf16LeBom("""
                        <?xml version="1.0" encoding="utf-16"?>
                        <Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Polly" Version="8.3.1" /></ItemGroup></Project>
                        """))
                .bytes("go.mod", withUtf8Bom("module example.com/bom\nrequire golang.org/x/sync v0.6.0\n"))
                .bytes("requirements.txt", withUtf8Bom("flask==3.0.2\n"))
                .bytes("pyproject.toml", withUtf8Bom("[project]\nname = \"bom\"\n"));

        ManifestScan scan = repo.scan();

        assertThat(scan.errors()).isEmpty();
        assertThat(scan.dependencies()).containsExactly(
                new Dependency("nuget", "Dapper", "2.1.35", "runtime", true, "Bom.csproj"),
                new Dependency("nuget", "Polly", "8.3.1", "runtime", true, "Wide/Wide.csproj"),
                new Dependency("go", "golang.org/x/sync", "v0.6.0", "runtime", true, "go.mod"),
                new Dependency("npm", "lodash", "4.17.21", "runtime", true, "package.json"),
                new Dependency("maven", "a:b", "1", "compile", true, "pom.xml"),
                new Dependency("pypi", "flask", "3.0.2", "runtime", true, "requirements.txt"));
        assertThat(scan.publishes()).extracting(PublishedPackage::name)
                .containsExactly("Bom", "Wide", "example.com/bom", "bom", "g:bom", "bom");
    }

    @Test
    void resultsAreDeduplicatedAndIndependentOfTheOrderFilesAreGivenIn() {
        FixtureRepo repo = new FixtureRepo(dir)
                .file("requirements.txt", "requests==2.31.0\nRequests==2.31.0\nrequests == 2.31.0\n")
                .file("b/go.mod", "module example.com/b\nrequire example.com/a v1.0.0\nrequire example.com/a v1.0.0\n")
                .file("a/package.json", "{\"name\":\"a\",\"dependencies\":{\"x\":\"1\"},\"devDependencies\":{\"x\":\"1\"}}");
        List<Path> files = new ArrayList<>(repo.files());
        ManifestScanner scanner = new ManifestScanner();

        ManifestScan forwards = scanner.scan(dir, files);
        Collections.reverse(files);
        files.add(files.get(0));
        ManifestScan backwards = scanner.scan(dir, files);

        assertThat(backwards).isEqualTo(forwards);
        assertThat(forwards.dependencies()).containsExactly(
                new Dependency("npm", "x", "1", "dev", true, "a/package.json"),
                new Dependency("npm", "x", "1", "runtime", true, "a/package.json"),
                new Dependency("go", "example.com/a", "v1.0.0", "runtime", true, "b/go.mod"),
                new Dependency("pypi", "requests", "2.31.0", "runtime", true, "requirements.txt"));
    }

    @Test
    void acceptsAbsolutePathsInsideTheRepositoryAndIgnoresEverythingElse() throws IOException {
        new FixtureRepo(dir)
                .file("go.mod", "module example.com/inside\n")
                .file("README.md", "# not a manifest")
                .file("src/main.go", "package main");
        Path outside = Files.createTempFile("outside", "go.mod");

        ManifestScan scan = new ManifestScanner().scan(dir, List.of(
                dir.resolve("go.mod"), Path.of("README.md"), Path.of("src", "main.go"), outside,
                Path.of("..", "elsewhere", "go.mod"), Path.of("missing", "package.json")));

        assertThat(scan.publishes()).containsExactly(new PublishedPackage("go", "example.com/inside", "go.mod"));
        assertThat(scan.errors()).containsExactly(new ManifestError("missing/package.json", "file not found: missing/package.json"));
        Files.delete(outside);
    }

    @Test
    void aManifestThatIsASymlinkOutOfTheRepositoryIsNotRead(@TempDir Path elsewhere) throws IOException {
        Path secret = Files.writeString(elsewhere.resolve("package.json"), "{\"name\":\"stolen\"}");
        try {
            Files.createSymbolicLink(dir.resolve("package.json"), secret);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links are not available here");
        }

        ManifestScan scan = new ManifestScanner().scan(dir, List.of(Path.of("package.json")));

        assertThat(scan.publishes()).isEmpty();
        assertThat(scan.errors()).containsExactly(
                new ManifestError("package.json", "file points outside the repository: package.json"));
    }

    @Test
    void anOversizedFileIsAnErrorNotAHeapDump() throws IOException {
        Path lockfile = dir.resolve("package-lock.json");
        try (RandomAccessFile file = new RandomAccessFile(lockfile.toFile(), "rw")) {
            file.setLength(RepoFiles.MAX_FILE_BYTES + 1); // sparse: costs no disk
        }

        ManifestScan scan = new ManifestScanner().scan(dir, List.of(Path.of("package-lock.json")));

        assertThat(scan.errors()).containsExactly(
                new ManifestError("package-lock.json", "file is larger than 32 MB: package-lock.json"));
    }

    @Test
    void aParserThatBlowsUpCostsOnlyItsOwnManifest() {
        ManifestParser exploding = new ManifestParser() {
            @Override
            public boolean recognises(String path) {
                return path.endsWith("go.mod");
            }

            @Override
            public void parse(String path, RepoFiles repo, Findings findings) {
                findings.dependency("go", "half-done", "v1", "runtime", true, path);
                throw new IllegalStateException("boom");
            }
        };
        FixtureRepo repo = new FixtureRepo(dir)
                .file("go.mod", "module example.com/x\n")
                .file("package.json", "{\"name\":\"fine\"}");

        ManifestScan scan = new ManifestScanner(List.of(exploding, new NpmManifestParser())).scan(dir, repo.files());

        assertThat(scan.dependencies()).isEmpty();
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("npm", "fine", "package.json"));
        assertThat(scan.errors()).containsExactly(
                new ManifestError("go.mod", "could not parse: java.lang.IllegalStateException: boom"));
    }

    @Test
    void anEmptyRepositoryScansToNothing() {
        ManifestScan scan = new ManifestScanner().scan(dir, List.of());

        assertThat(scan).isEqualTo(new ManifestScan(List.of(), List.of(), List.of()));
        assertThatThrownBy(() -> scan.dependencies().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static byte[] withUtf8Bom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[UTF8_BOM.length + body.length];
        System.arraycopy(UTF8_BOM, 0, bytes, 0, UTF8_BOM.length);
        System.arraycopy(body, 0, bytes, UTF8_BOM.length, body.length);
        return bytes;
    }

    private static byte[] withUtf16LeBom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[2 + body.length];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);
        return bytes;
    }
}
