package dev.devagent.ingest.manifest;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.devagent.ingest.manifest.FixtureRepo.from;
import static org.assertj.core.api.Assertions.assertThat;

class NpmManifestParserTest {

    @TempDir
    Path dir;

    @Test
    void mapsEachDependencySectionToItsScopeAndPublishesTheName() {
        ManifestScan scan = new FixtureRepo(dir).file("package.json", """
                {
                  "name": "@acme/web",
                  "version": "1.0.0",
                  "dependencies": { "express": "^4.18.0", "left-pad": "1.3.0" },
                  "devDependencies": { "jest": "~29.7.0" },
                  "peerDependencies": { "react": ">=18" },
                  "optionalDependencies": { "fsevents": "*" }
                }
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                npm("express", "^4.18.0", "runtime", true, "package.json"),
                npm("fsevents", "*", "optional", true, "package.json"),
                npm("jest", "~29.7.0", "dev", true, "package.json"),
                npm("left-pad", "1.3.0", "runtime", true, "package.json"),
                npm("react", ">=18", "peer", true, "package.json"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("npm", "@acme/web", "package.json"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void lockfileVersionReplacesTheRangeAndAddsTransitivePackages() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("web/package.json", """
                        {
                          "name": "web",
                          "dependencies": { "express": "^4.18.0", "@babel/core": "^7.0.0" },
                          "devDependencies": { "@types/node": "^20.0.0" },
                          "workspaces": ["packages/*"]
                        }
                        """)
                .file("web/package-lock.json", """
                        {
                          "name": "web",
                          "lockfileVersion": 3,
                          "requires": true,
                          "packages": {
                            "": {
                              "name": "web",
                              "dependencies": { "express": "^4.18.0", "@babel/core": "^7.0.0" },
                              "devDependencies": { "@types/node": "^20.0.0" }
                            },
                            "node_modules/express": { "version": "4.18.2" },
                            "node_modules/@babel/core": { "version": "7.24.0" },
                            "node_modules/@types/node": { "version": "20.11.5", "dev": true },
                            "node_modules/accepts": { "version": "1.3.8" },
                            "node_modules/ms": { "version": "2.1.3" },
                            "node_modules/express/node_modules/ms": { "version": "2.0.0" },
                            "node_modules/@babel/core/node_modules/@babel/helper-plugin-utils": { "version": "7.24.0" },
                            "node_modules/undici-types": { "version": "5.26.5", "dev": true },
                            "node_modules/fsevents": { "version": "2.3.3", "optional": true },
                            "node_modules/typescript": { "version": "5.4.2", "devOptional": true },
                            "node_modules/react": { "version": "18.2.0", "peer": true },
                            "node_modules/leftover": { "version": "0.0.1", "extraneous": true },
                            "node_modules/ui-kit": { "resolved": "packages/ui-kit", "link": true },
                            "packages/ui-kit": { "name": "ui-kit", "version": "0.1.0" }
                          }
                        }
                        """)
                .scan();

        assertThat(from(scan, "web/package.json")).containsExactly(
                npm("@babel/core", "7.24.0", "runtime", true, "web/package.json"),
                npm("@types/node", "20.11.5", "dev", true, "web/package.json"),
                npm("express", "4.18.2", "runtime", true, "web/package.json"));
        assertThat(from(scan, "web/package-lock.json")).containsExactly(
                npm("@babel/helper-plugin-utils", "7.24.0", "runtime", false, "web/package-lock.json"),
                npm("accepts", "1.3.8", "runtime", false, "web/package-lock.json"),
                npm("fsevents", "2.3.3", "optional", false, "web/package-lock.json"),
                npm("ms", "2.0.0", "runtime", false, "web/package-lock.json"),
                npm("ms", "2.1.3", "runtime", false, "web/package-lock.json"),
                npm("react", "18.2.0", "peer", false, "web/package-lock.json"),
                npm("typescript", "5.4.2", "dev", false, "web/package-lock.json"),
                npm("undici-types", "5.26.5", "dev", false, "web/package-lock.json"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("npm", "web", "web/package.json"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void workspaceLinkTakesTheVersionOfTheWorkspaceFolder() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("package.json", """
                        { "name": "root", "dependencies": { "ui-kit": "*" } }
                        """)
                .file("package-lock.json", """
                        { "lockfileVersion": 3, "packages": {
                            "": { "name": "root", "dependencies": { "ui-kit": "*" } },
                            "node_modules/ui-kit": { "resolved": "packages/ui-kit", "link": true },
                            "packages/ui-kit": { "name": "ui-kit", "version": "0.1.0" } } }
                        """)
                .scan();

        assertThat(scan.dependencies()).containsExactly(npm("ui-kit", "0.1.0", "runtime", true, "package.json"));
    }

    @Test
    void readsLockfileVersionOneWithNestedDependencies() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("package.json", """
                        { "name": "legacy", "dependencies": { "request": "^2.88.0" },
                          "devDependencies": { "mocha": "^5.0.0" } }
                        """)
                .file("package-lock.json", """
                        {
                          "name": "legacy",
                          "lockfileVersion": 1,
                          "dependencies": {
                            "request": {
                              "version": "2.88.2",
                              "requires": { "qs": "~6.5.2" },
                              "dependencies": { "qs": { "version": "6.5.3" } }
                            },
                            "mocha": {
                              "version": "5.2.0",
                              "dev": true,
                              "dependencies": { "debug": { "version": "3.1.0", "dev": true } }
                            },
                            "qs": { "version": "6.11.0" }
                          }
                        }
                        """)
                .scan();

        assertThat(from(scan, "package.json")).containsExactly(
                npm("mocha", "5.2.0", "dev", true, "package.json"),
                npm("request", "2.88.2", "runtime", true, "package.json"));
        assertThat(from(scan, "package-lock.json")).containsExactly(
                npm("debug", "3.1.0", "dev", false, "package-lock.json"),
                npm("qs", "6.11.0", "runtime", false, "package-lock.json"),
                npm("qs", "6.5.3", "runtime", false, "package-lock.json"));
    }

    @Test
    void anAliasDependsOnTheRealPackage() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("package.json", """
                        { "dependencies": { "lodash3": "npm:lodash@^3.10.0", "types": "npm:@types/node@^18" } }
                        """)
                .file("package-lock.json", """
                        { "lockfileVersion": 3, "packages": {
                            "": { "dependencies": { "lodash3": "npm:lodash@^3.10.0", "types": "npm:@types/node@^18" } },
                            "node_modules/lodash3": { "name": "lodash", "version": "3.10.1" } } }
                        """)
                .scan();

        assertThat(scan.dependencies()).containsExactly(
                npm("@types/node", "^18", "runtime", true, "package.json"),
                npm("lodash", "3.10.1", "runtime", true, "package.json"));
        assertThat(scan.publishes()).isEmpty();
    }

    @Test
    void aLockfileWithoutPackageJsonDeclaresTheDirectDependenciesFromItsRootEntry() {
        ManifestScan scan = new FixtureRepo(dir).file("app/package-lock.json", """
                { "lockfileVersion": 2, "packages": {
                    "": { "name": "app", "dependencies": { "chalk": "^5.0.0" }, "devDependencies": { "vitest": "^1" } },
                    "node_modules/chalk": { "version": "5.3.0" },
                    "node_modules/vitest": { "version": "1.4.0", "dev": true },
                    "node_modules/tinyspy": { "version": "2.2.1", "dev": true } } }
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                npm("chalk", "5.3.0", "runtime", true, "app/package-lock.json"),
                npm("tinyspy", "2.2.1", "dev", false, "app/package-lock.json"),
                npm("vitest", "1.4.0", "dev", true, "app/package-lock.json"));
    }

    @Test
    void aBrokenLockfileIsReportedWhilePackageJsonKeepsItsRanges() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("package.json", """
                        { "name": "x", "dependencies": { "express": "^4.18.0" } }
                        """)
                .file("package-lock.json", "{ \"packages\": { ")
                .scan();

        assertThat(scan.dependencies()).containsExactly(npm("express", "^4.18.0", "runtime", true, "package.json"));
        assertThat(scan.errors()).singleElement().satisfies(error -> {
            assertThat(error.manifest()).isEqualTo("package-lock.json");
            assertThat(error.message()).startsWith("invalid JSON at line 1");
        });
    }

    @Test
    void aMalformedPackageJsonIsReportedAndItsLockfileStillCounts() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("package.json", """
                        {
                          "name": "broken",
                          "dependencies": { "express": "^4.18.0", }
                        }
                        """)
                .file("package-lock.json", """
                        { "lockfileVersion": 3, "packages": { "node_modules/express": { "version": "4.18.2" } } }
                        """)
                .scan();

        assertThat(scan.errors()).singleElement().satisfies(error -> {
            assertThat(error.manifest()).isEqualTo("package.json");
            assertThat(error.message()).startsWith("invalid JSON at line 3");
        });
        assertThat(scan.dependencies()).containsExactly(npm("express", "4.18.2", "runtime", false, "package-lock.json"));
        assertThat(scan.publishes()).isEmpty();
    }

    @Test
    void packageJsonThatIsNotAnObjectIsAnError() {
        ManifestScan scan = new FixtureRepo(dir).file("package.json", "[1, 2]").scan();

        assertThat(scan.errors()).containsExactly(new ManifestError("package.json", "package.json is not a JSON object"));
    }

    @Test
    void ignoresSectionsAndSpecsOfTheWrongShape() {
        ManifestScan scan = new FixtureRepo(dir).file("package.json", """
                { "name": 42, "dependencies": ["express"], "devDependencies": { "jest": null, "tap": "^18" } }
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                npm("jest", null, "dev", true, "package.json"),
                npm("tap", "^18", "dev", true, "package.json"));
        assertThat(scan.publishes()).isEmpty();
        assertThat(scan.errors()).isEmpty();
    }

    private static Dependency npm(String name, String version, String scope, boolean direct, String manifest) {
        return new Dependency("npm", name, version, scope, direct, manifest);
    }
}
