package dev.devagent.ingest.manifest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepoFilesTest {

    @Test
    void resolvesRelativePathsWithEitherSeparatorInsideTheRepository() {
        assertThat(RepoFiles.resolve("src/Api", "..\\Core\\Core.csproj")).isEqualTo("src/Core/Core.csproj");
        assertThat(RepoFiles.resolve("svc", "./requirements/../base.txt")).isEqualTo("svc/base.txt");
        assertThat(RepoFiles.resolve("", "pom.xml")).isEqualTo("pom.xml");
        assertThat(RepoFiles.resolve("a/b", "../../pom.xml")).isEqualTo("pom.xml");
    }

    @Test
    void refusesPathsThatLeaveTheRepositoryOrAreAbsolute() {
        assertThat(RepoFiles.resolve("a", "../../pom.xml")).isNull();
        assertThat(RepoFiles.resolve("", "/etc/passwd")).isNull();
        assertThat(RepoFiles.resolve("", "C:\\Windows\\win.ini")).isNull();
        assertThat(RepoFiles.resolve("", "  ")).isNull();
    }

    @Test
    void stripsByteOrderMarksAndToleratesStrayBytes() {
        assertThat(RepoFiles.decode(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'o', 'k'})).isEqualTo("ok");
        assertThat(RepoFiles.decode(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, 'o', 0, 'k'})).isEqualTo("ok");
        assertThat(RepoFiles.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9})).isEqualTo("caf\uFFFD");
    }
}
