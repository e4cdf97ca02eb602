package dev.devagent.ingest.index;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LanguagesTest {

    @ParameterizedTest
    @CsvSource({
            "src/main/java/App.java, java",
            "app/Main.kt, kotlin",
            "build.gradle.kts, kotlin",
            "build.gradle, groovy",
            "web/index.ts, ts",
            "web/App.tsx, tsx",
            "web/main.js, js",
            "web/main.mjs, js",
            "tools/run.py, python",
            "cmd/server/main.go, go",
            "src/Api/Program.cs, csharp",
            "src/Lib.fs, fsharp",
            "lib/thing.rb, ruby",
            "Gemfile, ruby",
            "src/lib.rs, rust",
            "index.php, php",
            "App.scala, scala",
            "native/io.c, c",
            "native/io.h, c",
            "native/io.cpp, cpp",
            "native/io.hpp, cpp",
            "scripts/setup.sh, shell",
            "compose.yaml, yaml",
            ".github/workflows/ci.yml, yaml",
            "package.json, json",
            "pom.xml, xml",
            "src/Api/Api.csproj, xml",
            "README.md, markdown",
            "db/V1__init.sql, sql",
            "pyproject.toml, toml",
            "Dockerfile, dockerfile",
            "docker/Dockerfile.prod, dockerfile",
            "docker/api.dockerfile, dockerfile",
            "Makefile, makefile",
            "application.properties, properties",
            ".env, dotenv",
            ".env.production, dotenv",
            "config/docker.env, dotenv",
            "LICENSE, text",
            "notes.unknownext, text",
            "SRC/MAIN.JAVA, java"})
    void namesTheLanguageFromTheFileName(String path, String language) {
        assertThat(Languages.of(path)).isEqualTo(language);
    }
}
