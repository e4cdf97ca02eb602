package dev.devagent.ingest.manifest;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class GoModParserTest {

    @TempDir
    Path dir;

    @Test
    void readsModuleAndRequiresInBothFormsWithIndirectOnesNotDirect() {
        ManifestScan scan = new FixtureRepo(dir).file("go.mod", """
                // Billing service
                module github.com/acme/billing // the module path

                go 1.22.1

                toolchain go1.22.3

                require github.com/google/uuid v1.6.0

                require (
                	github.com/gin-gonic/gin v1.9.1
                	github.com/stretchr/testify v1.9.0 // indirect
                	"golang.org/x/text" v0.14.0 // indirect; needed by x/net
                	github.com/apache/thrift v0.13.0+incompatible
                	go.uber.org/zap v1.27.0 // indirectly nothing: a plain comment

                	github.com/acme/shared v0.0.0-00010101000000-000000000000
                )

                replace github.com/acme/shared => ../shared

                replace (
                	github.com/gin-gonic/gin v1.9.1 => github.com/acme/gin-fork v1.9.1-acme.1
                )

                exclude golang.org/x/net v0.1.0

                retract (
                	v1.0.0 // published by mistake
                	[v1.0.1, v1.0.5]
                )

                tool golang.org/x/tools/cmd/stringer
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                go("github.com/acme/shared", "v0.0.0-00010101000000-000000000000", true),
                go("github.com/apache/thrift", "v0.13.0+incompatible", true),
                go("github.com/gin-gonic/gin", "v1.9.1", true),
                go("github.com/google/uuid", "v1.6.0", true),
                go("github.com/stretchr/testify", "v1.9.0", false),
                go("go.uber.org/zap", "v1.27.0", true),
                go("golang.org/x/text", "v0.14.0", false));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("go", "github.com/acme/billing", "go.mod"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void everyModuleOfAMultiModuleRepositoryIsPublishedAndEmptyBlocksAreFine() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("go.mod", "module example.com/mono\n\ngo 1.21\n\nrequire ()\nexclude ( )\n")
                .file("tools/go.mod", "module example.com/mono/tools\r\n\r\nrequire (\r\n\texample.com/mono v1.2.0\r\n)\r\n")
                .scan();

        assertThat(scan.publishes()).containsExactly(
                new PublishedPackage("go", "example.com/mono", "go.mod"),
                new PublishedPackage("go", "example.com/mono/tools", "tools/go.mod"));
        assertThat(scan.errors()).isEmpty();
        assertThat(scan.dependencies()).containsExactly(
                new Dependency("go", "example.com/mono", "v1.2.0", "runtime", true, "tools/go.mod"));
    }

    @Test
    void reportsABadRequireLineAndKeepsTheOthers() {
        ManifestScan scan = new FixtureRepo(dir).file("go.mod", """
                module example.com/app

                require (
                	github.com/ok/one v1.0.0
                	github.com/missing/version
                	github.com/ok/two v2.0.0
                )
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                go("github.com/ok/one", "v1.0.0", true),
                go("github.com/ok/two", "v2.0.0", true));
        assertThat(scan.errors()).containsExactly(
                new ManifestError("go.mod", "line 5: expected 'require <module> <version>'"));
    }

    @Test
    void anUnclosedBlockMakesTheWholeFileAnError() {
        ManifestScan scan = new FixtureRepo(dir).file("go.mod", """
                module example.com/app

                require (
                	github.com/ok/one v1.0.0
                """).scan();

        assertThat(scan.dependencies()).isEmpty();
        assertThat(scan.publishes()).isEmpty();
        assertThat(scan.errors()).containsExactly(new ManifestError("go.mod", "line 3: 'require (' block is never closed"));
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        ManifestScan scan = new FixtureRepo(dir).file("go.mod", "module \"example.com/app\n").scan();

        assertThat(scan.errors()).containsExactly(new ManifestError("go.mod", "line 1: unterminated quoted string"));
    }

    private static Dependency go(String module, String version, boolean direct) {
        return new Dependency("go", module, version, "runtime", direct, "go.mod");
    }
}
