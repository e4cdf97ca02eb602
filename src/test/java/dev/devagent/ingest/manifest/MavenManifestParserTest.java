package dev.devagent.ingest.manifest;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.devagent.ingest.manifest.FixtureRepo.from;
import static org.assertj.core.api.Assertions.assertThat;

class MavenManifestParserTest {

    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
            """;

    @TempDir
    Path dir;

    @Test
    void recordsDependenciesWithCompileAsTheDefaultScopeAndPublishesTheCoordinates() {
        ManifestScan scan = new FixtureRepo(dir).file("pom.xml", HEAD + """
                  <groupId>com.acme</groupId>
                  <artifactId>billing</artifactId>
                  <version>1.4.0</version>
                  <dependencies>
                    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>33.0.0-jre</version></dependency>
                    <dependency>
                      <groupId>jakarta.servlet</groupId><artifactId>jakarta.servlet-api</artifactId>
                      <version>6.0.0</version><scope>provided</scope>
                    </dependency>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.10.2</version><scope>test</scope></dependency>
                    <dependency><groupId>org.example</groupId><artifactId>unversioned</artifactId></dependency>
                  </dependencies>
                  <build><plugins><plugin>
                    <artifactId>maven-surefire-plugin</artifactId>
                    <dependencies><dependency><groupId>plugin.only</groupId><artifactId>ignored</artifactId><version>1</version></dependency></dependencies>
                  </plugin></plugins></build>
                </project>
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                maven("com.google.guava:guava", "33.0.0-jre", "compile", "pom.xml"),
                maven("jakarta.servlet:jakarta.servlet-api", "6.0.0", "provided", "pom.xml"),
                maven("org.example:unversioned", null, "compile", "pom.xml"),
                maven("org.junit.jupiter:junit-jupiter", "5.10.2", "test", "pom.xml"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("maven", "com.acme:billing", "pom.xml"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void interpolatesPropertiesIncludingNestedOnesAndProjectCoordinates() {
        ManifestScan scan = new FixtureRepo(dir).file("pom.xml", HEAD + """
                  <groupId>com.acme</groupId>
                  <artifactId>billing-api</artifactId>
                  <version>2.3.1</version>
                  <properties>
                    <jackson.version>2.17.1</jackson.version>
                    <jackson.databind.version>${jackson.version}</jackson.databind.version>
                    <test.scope>test</test.scope>
                  </properties>
                  <dependencies>
                    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.databind.version}</version></dependency>
                    <dependency><groupId>${project.groupId}</groupId><artifactId>billing-core</artifactId><version>${project.version}</version></dependency>
                    <dependency><groupId>org.assertj</groupId><artifactId>assertj-core</artifactId><version>3.25.3</version><scope>${test.scope}</scope></dependency>
                    <dependency><groupId>org.example</groupId><artifactId>from-cli</artifactId><version>${version.from.cli}</version></dependency>
                  </dependencies>
                </project>
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                maven("com.acme:billing-core", "2.3.1", "compile", "pom.xml"),
                maven("com.fasterxml.jackson.core:jackson-databind", "2.17.1", "compile", "pom.xml"),
                maven("org.assertj:assertj-core", "3.25.3", "test", "pom.xml"),
                maven("org.example:from-cli", null, "compile", "pom.xml"));
    }

    @Test
    void dependencyManagementLendsVersionsAndScopesButOnlyImportedBomsAreRecorded() {
        ManifestScan scan = new FixtureRepo(dir).file("pom.xml", HEAD + """
                  <groupId>com.acme</groupId>
                  <artifactId>orders</artifactId>
                  <version>1.0.0</version>
                  <properties><spring-boot.version>3.5.7</spring-boot.version></properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId>
                        <version>${spring-boot.version}</version><type>pom</type><scope>import</scope>
                      </dependency>
                      <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>42.7.3</version><scope>runtime</scope></dependency>
                      <dependency><groupId>org.mockito</groupId><artifactId>mockito-core</artifactId><version>5.11.0</version></dependency>
                      <dependency><groupId>com.acme</groupId><artifactId>fixtures</artifactId><version>9.9</version><type>test-jar</type></dependency>
                      <dependency><groupId>org.unused</groupId><artifactId>managed-only</artifactId><version>1.0</version></dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency>
                    <dependency><groupId>org.mockito</groupId><artifactId>mockito-core</artifactId><scope>test</scope></dependency>
                    <dependency><groupId>com.acme</groupId><artifactId>fixtures</artifactId></dependency>
                    <dependency><groupId>org.mockito</groupId><artifactId>mockito-junit-jupiter</artifactId><version>5.11.0</version><scope>test</scope></dependency>
                  </dependencies>
                </project>
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                maven("com.acme:fixtures", null, "compile", "pom.xml"),
                maven("org.mockito:mockito-core", "5.11.0", "test", "pom.xml"),
                maven("org.mockito:mockito-junit-jupiter", "5.11.0", "test", "pom.xml"),
                maven("org.postgresql:postgresql", "42.7.3", "runtime", "pom.xml"),
                maven("org.springframework.boot:spring-boot-dependencies", "3.5.7", "import", "pom.xml"));
    }

    @Test
    void childModulesInheritCoordinatesPropertiesAndManagementFromParentsInTheRepository() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("pom.xml", HEAD + """
                          <groupId>com.acme.platform</groupId>
                          <artifactId>platform-parent</artifactId>
                          <version>5.0.0-SNAPSHOT</version>
                          <packaging>pom</packaging>
                          <modules><module>core</module><module>services/api</module></modules>
                          <properties><netty.version>4.1.108.Final</netty.version><slf4j.version>2.0.12</slf4j.version></properties>
                          <dependencyManagement><dependencies>
                            <dependency><groupId>io.netty</groupId><artifactId>netty-handler</artifactId><version>${netty.version}</version></dependency>
                            <dependency><groupId>${project.groupId}</groupId><artifactId>core</artifactId><version>${project.version}</version></dependency>
                          </dependencies></dependencyManagement>
                          <dependencies>
                            <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>${slf4j.version}</version></dependency>
                          </dependencies>
                        </project>
                        """)
                .file("core/pom.xml", HEAD + """
                          <parent>
                            <groupId>com.acme.platform</groupId><artifactId>platform-parent</artifactId><version>5.0.0-SNAPSHOT</version>
                          </parent>
                          <artifactId>core</artifactId>
                          <dependencies>
                            <dependency><groupId>io.netty</groupId><artifactId>netty-handler</artifactId></dependency>
                          </dependencies>
                        </project>
                        """)
                .file("services/pom.xml", HEAD + """
                          <parent>
                            <groupId>com.acme.platform</groupId><artifactId>platform-parent</artifactId><version>5.0.0-SNAPSHOT</version>
                          </parent>
                          <artifactId>services</artifactId>
                          <packaging>pom</packaging>
                          <properties><netty.version>4.1.110.Final</netty.version></properties>
                        </project>
                        """)
                .file("services/api/pom.xml", HEAD + """
                          <parent>
                            <groupId>com.acme.platform</groupId><artifactId>services</artifactId><version>5.0.0-SNAPSHOT</version>
                          </parent>
                          <artifactId>api</artifactId>
                          <dependencies>
                            <dependency><groupId>com.acme.platform</groupId><artifactId>core</artifactId></dependency>
                            <dependency><groupId>io.netty</groupId><artifactId>netty-handler</artifactId></dependency>
                          </dependencies>
                        </project>
                        """)
                .scan();

        assertThat(from(scan, "core/pom.xml")).containsExactly(
                maven("io.netty:netty-handler", "4.1.108.Final", "compile", "core/pom.xml"));
        // the grandparent's management, with the nearer parent's property override and the module's own version
        assertThat(from(scan, "services/api/pom.xml")).containsExactly(
                maven("com.acme.platform:core", "5.0.0-SNAPSHOT", "compile", "services/api/pom.xml"),
                maven("io.netty:netty-handler", "4.1.110.Final", "compile", "services/api/pom.xml"));
        // the parent's own dependencies are recorded once, against the parent
        assertThat(from(scan, "pom.xml")).containsExactly(maven("org.slf4j:slf4j-api", "2.0.12", "compile", "pom.xml"));
        assertThat(scan.publishes()).containsExactly(
                new PublishedPackage("maven", "com.acme.platform:core", "core/pom.xml"),
                new PublishedPackage("maven", "com.acme.platform:platform-parent", "pom.xml"),
                new PublishedPackage("maven", "com.acme.platform:api", "services/api/pom.xml"),
                new PublishedPackage("maven", "com.acme.platform:services", "services/pom.xml"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void followsAnExplicitRelativePathThatNamesADirectory() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("build/parent/pom.xml", HEAD + """
                          <groupId>com.acme</groupId><artifactId>build-parent</artifactId><version>7</version>
                          <properties><okhttp.version>4.12.0</okhttp.version></properties>
                        </project>
                        """)
                .file("app/pom.xml", HEAD + """
                          <parent>
                            <groupId>com.acme</groupId><artifactId>build-parent</artifactId><version>7</version>
                            <relativePath>../build/parent</relativePath>
                          </parent>
                          <artifactId>app</artifactId>
                          <dependencies>
                            <dependency><groupId>com.squareup.okhttp3</groupId><artifactId>okhttp</artifactId><version>${okhttp.version}</version></dependency>
                          </dependencies>
                        </project>
                        """)
                .scan();

        assertThat(from(scan, "app/pom.xml")).containsExactly(
                maven("com.squareup.okhttp3:okhttp", "4.12.0", "compile", "app/pom.xml"));
        assertThat(scan.publishes()).contains(new PublishedPackage("maven", "com.acme:app", "app/pom.xml"));
    }

    @Test
    void doesNotBorrowFromAPomThatIsNotTheDeclaredParent() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("pom.xml", HEAD + """
                          <groupId>com.acme</groupId><artifactId>aggregator</artifactId><version>1</version>
                          <properties><lib.version>1.0</lib.version></properties>
                        </project>
                        """)
                .file("svc/pom.xml", HEAD + """
                          <parent>
                            <groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId>
                            <version>3.5.7</version>
                          </parent>
                          <artifactId>svc</artifactId>
                          <dependencies>
                            <dependency><groupId>org.example</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
                          </dependencies>
                        </project>
                        """)
                .file("other/pom.xml", HEAD + """
                          <parent>
                            <groupId>com.acme</groupId><artifactId>aggregator</artifactId><version>1</version>
                            <relativePath/>
                          </parent>
                          <artifactId>other</artifactId>
                          <dependencies>
                            <dependency><groupId>org.example</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
                          </dependencies>
                        </project>
                        """)
                .scan();

        assertThat(from(scan, "svc/pom.xml")).containsExactly(maven("org.example:lib", null, "compile", "svc/pom.xml"));
        assertThat(from(scan, "other/pom.xml")).containsExactly(maven("org.example:lib", null, "compile", "other/pom.xml"));
        assertThat(scan.publishes()).contains(
                new PublishedPackage("maven", "org.springframework.boot:svc", "svc/pom.xml"),
                new PublishedPackage("maven", "com.acme:other", "other/pom.xml"));
    }

    @Test
    void pomsWithoutTheMavenNamespaceReadTheSame() {
        ManifestScan scan = new FixtureRepo(dir).file("pom.xml", """
                <project>
                  <groupId>old.school</groupId><artifactId>plain</artifactId><version>0.1</version>
                  <dependencies><dependency><groupId>log4j</groupId><artifactId>log4j</artifactId><version>1.2.17</version></dependency></dependencies>
                </project>
                """).scan();

        assertThat(scan.dependencies()).containsExactly(maven("log4j:log4j", "1.2.17", "compile", "pom.xml"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("maven", "old.school:plain", "pom.xml"));
    }

    @Test
    void anExternalEntityInAPomIsNeverResolved() {
        FixtureRepo repo = new FixtureRepo(dir).file("secret.txt", "TOP-SECRET-VALUE");
        String secretUri = dir.resolve("secret.txt").toUri().toString();
        repo.file("evil/pom.xml", """
                        <?xml version="1.0"?>
                        <!DOCTYPE project [ <!ENTITY xxe SYSTEM "%s"> ]>
                        <project>
                          <groupId>&xxe;</groupId><artifactId>evil</artifactId><version>1</version>
                          <dependencies><dependency><groupId>&xxe;</groupId><artifactId>x</artifactId><version>&xxe;</version></dependency></dependencies>
                        </project>
                        """.formatted(secretUri))
                .file("good/pom.xml", HEAD + """
                          <groupId>com.acme</groupId><artifactId>good</artifactId><version>1</version>
                        </project>
                        """);

        ManifestScan scan = repo.scan();

        assertThat(scan.toString()).doesNotContain("TOP-SECRET-VALUE");
        assertThat(scan.errors()).singleElement().satisfies(error -> {
            assertThat(error.manifest()).isEqualTo("evil/pom.xml");
            assertThat(error.message()).startsWith("invalid XML at line 2").contains("DOCTYPE");
        });
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("maven", "com.acme:good", "good/pom.xml"));
    }

    @Test
    void anEntityExpansionBombIsRefused() {
        ManifestScan scan = new FixtureRepo(dir).file("pom.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                  <!ENTITY lol "lol">
                  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                ]>
                <project><groupId>&lol3;</groupId><artifactId>bomb</artifactId></project>
                """).scan();

        assertThat(scan.publishes()).isEmpty();
        assertThat(scan.errors()).singleElement().extracting(ManifestError::message).asString().contains("DOCTYPE");
    }

    @Test
    void aMalformedPomIsReportedAndTheOtherManifestsStillCount() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("broken/pom.xml", HEAD + """
                          <groupId>com.acme</groupId>
                          <artifactId>broken
                        </project>
                        """)
                .file("ok/pom.xml", HEAD + """
                          <groupId>com.acme</groupId><artifactId>ok</artifactId><version>1</version>
                          <dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency></dependencies>
                        </project>
                        """)
                .file("web/package.json", "{\"name\":\"web\",\"dependencies\":{\"vue\":\"^3.4.0\"}}")
                .scan();

        assertThat(scan.errors()).singleElement().satisfies(error -> {
            assertThat(error.manifest()).isEqualTo("broken/pom.xml");
            assertThat(error.message()).startsWith("invalid XML at line 6");
        });
        assertThat(scan.dependencies()).containsExactly(
                maven("a:b", "1", "compile", "ok/pom.xml"),
                new Dependency("npm", "vue", "^3.4.0", "runtime", true, "web/package.json"));
    }

    @Test
    void aBrokenParentIsReportedOnceAndTheChildStillCounts() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("pom.xml", "<project><artifactId>parent</artifactId>")
                .file("child/pom.xml", HEAD + """
                          <parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent>
                          <artifactId>child</artifactId>
                          <dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>2</version></dependency></dependencies>
                        </project>
                        """)
                .scan();

        assertThat(scan.errors()).extracting(ManifestError::manifest).containsExactly("pom.xml");
        assertThat(scan.dependencies()).containsExactly(maven("a:b", "2", "compile", "child/pom.xml"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("maven", "g:child", "child/pom.xml"));
    }

    @Test
    void aParentCycleEnds() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("a/pom.xml", HEAD + """
                          <parent><groupId>g</groupId><artifactId>b</artifactId><version>1</version><relativePath>../b/pom.xml</relativePath></parent>
                          <artifactId>a</artifactId>
                        </project>
                        """)
                .file("b/pom.xml", HEAD + """
                          <parent><groupId>g</groupId><artifactId>a</artifactId><version>1</version><relativePath>../a/pom.xml</relativePath></parent>
                          <artifactId>b</artifactId>
                        </project>
                        """)
                .scan();

        assertThat(scan.publishes()).extracting(PublishedPackage::name).containsExactly("g:a", "g:b");
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void aDependencyWithoutCoordinatesIsReportedAndTheRestKept() {
        ManifestScan scan = new FixtureRepo(dir).file("pom.xml", HEAD + """
                  <groupId>g</groupId><artifactId>a</artifactId><version>1</version>
                  <dependencies>
                    <dependency><artifactId>lonely</artifactId><version>1</version></dependency>
                    <dependency><groupId>x</groupId><artifactId>y</artifactId><version>2</version></dependency>
                  </dependencies>
                </project>
                """).scan();

        assertThat(scan.dependencies()).containsExactly(maven("x:y", "2", "compile", "pom.xml"));
        assertThat(scan.errors()).containsExactly(new ManifestError("pom.xml", "dependency without groupId or artifactId"));
    }

    @Test
    void anXmlFileThatIsNotAPomIsAnError() {
        ManifestScan scan = new FixtureRepo(dir).file("pom.xml", "<settings/>").scan();

        assertThat(scan.errors()).containsExactly(new ManifestError("pom.xml", "not a Maven POM: root element is <settings>"));
    }

    @Test
    void selfReferencingPropertiesDoNotLoopForever() {
        ManifestScan scan = new FixtureRepo(dir).file("pom.xml", HEAD + """
                  <groupId>g</groupId><artifactId>a</artifactId><version>1</version>
                  <properties><x>${y}</x><y>${x}</y></properties>
                  <dependencies><dependency><groupId>d</groupId><artifactId>e</artifactId><version>${x}</version></dependency></dependencies>
                </project>
                """).scan();

        assertThat(scan.dependencies()).containsExactly(maven("d:e", null, "compile", "pom.xml"));
    }

    private static Dependency maven(String name, String version, String scope, String manifest) {
        return new Dependency("maven", name, version, scope, true, manifest);
    }
}
