package dev.devagent.ingest.manifest;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.devagent.ingest.manifest.FixtureRepo.from;
import static org.assertj.core.api.Assertions.assertThat;

class PythonManifestParserTest {

    @TempDir
    Path dir;

    @Test
    void readsRequirementsWithSpecifiersExtrasMarkersAndContinuations() {
        ManifestScan scan = new FixtureRepo(dir).file("requirements.txt", """
                # web stack
                Django==4.2.11
                djangorestframework>=3.14,<4  # API
                requests[security,socks] ~= 2.31
                Flask_SQLAlchemy (>=3.0)
                importlib-metadata; python_version < "3.8"
                zope.interface===6.2 ; sys_platform != "win32"
                pywin32 >= 306 ; sys_platform == "win32"
                numpy==1.26.* 
                gunicorn==21.2.0 \\
                    --hash=sha256:3213aa5e8c24949e792bcacfc176fef362e7aac80b76c56f6b5122bf350722f0 \\
                    --hash=sha256:88ec8bff1d634f98e61b9f65bc4bf3cd918a90806c6f5c48bc5603849ec81042
                celery\\
                [redis]==5.3.6
                my-pkg @ https://example.com/my_pkg-1.0.tar.gz
                -e git+https://github.com/acme/tool.git#egg=tool
                --editable ./libs/local
                git+https://github.com/acme/other.git@v1#egg=other
                https://example.com/wheels/thing-1.0-py3-none-any.whl
                ./vendor/pkg
                ../sibling
                vendor/archive-1.0.tar.gz
                -i https://pypi.example.com/simple
                --extra-index-url https://pypi.example.com/extra
                --find-links=./wheels
                -c constraints.txt
                --only-binary :all:
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                pypi("celery", "5.3.6", "runtime", "requirements.txt"),
                pypi("django", "4.2.11", "runtime", "requirements.txt"),
                pypi("djangorestframework", ">=3.14,<4", "runtime", "requirements.txt"),
                pypi("flask-sqlalchemy", ">=3.0", "runtime", "requirements.txt"),
                pypi("gunicorn", "21.2.0", "runtime", "requirements.txt"),
                pypi("importlib-metadata", null, "runtime", "requirements.txt"),
                pypi("my-pkg", null, "runtime", "requirements.txt"),
                pypi("numpy", "==1.26.*", "runtime", "requirements.txt"),
                pypi("pywin32", ">=306", "runtime", "requirements.txt"),
                pypi("requests", "~=2.31", "runtime", "requirements.txt"),
                pypi("zope-interface", "6.2", "runtime", "requirements.txt"));
        assertThat(scan.errors()).isEmpty();
        assertThat(scan.publishes()).isEmpty();
    }

    @Test
    void reportsUnreadableLinesWithTheirNumberAndKeepsTheRest() {
        ManifestScan scan = new FixtureRepo(dir).file("requirements.txt", """
                flask==3.0.2
                requests >= two
                _private==1
                pydantic[email==2.6
                attrs==23.2.0
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                pypi("attrs", "23.2.0", "runtime", "requirements.txt"),
                pypi("flask", "3.0.2", "runtime", "requirements.txt"));
        assertThat(scan.errors()).extracting(ManifestError::message).containsExactly(
                "line 2: bad version specifier '>=two' in 'requests >= two'",
                "line 3: not a requirement: '_private==1'",
                "line 4: unclosed extras in 'pydantic[email==2.6'");
    }

    @Test
    void includesAreResolvedNextToTheIncludingFile() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("svc/requirements.txt", """
                        -r requirements/base.txt
                        --requirement=requirements/extra.txt
                        uvicorn==0.29.0
                        """)
                .file("svc/requirements/base.txt", """
                        fastapi==0.110.0
                        -r common.txt
                        """)
                .file("svc/requirements/common.txt", """
                        pydantic==2.6.4
                        -r base.txt
                        """)
                .file("svc/requirements/extra.txt", "httpx==0.27.0\n")
                .file("svc/requirements-dev.txt", """
                        -r requirements.txt
                        -r requirements/lint.txt
                        pytest==8.1.1
                        """)
                .file("svc/requirements/lint.txt", "ruff==0.3.4\n")
                .scan();

        assertThat(from(scan, "svc/requirements.txt")).containsExactly(
                pypi("uvicorn", "0.29.0", "runtime", "svc/requirements.txt"));
        assertThat(from(scan, "svc/requirements/base.txt")).containsExactly(
                pypi("fastapi", "0.110.0", "runtime", "svc/requirements/base.txt"));
        assertThat(from(scan, "svc/requirements/common.txt")).containsExactly(
                pypi("pydantic", "2.6.4", "runtime", "svc/requirements/common.txt"));
        assertThat(from(scan, "svc/requirements/extra.txt")).containsExactly(
                pypi("httpx", "0.27.0", "runtime", "svc/requirements/extra.txt"));
        // requirements.txt is a manifest of its own, so the dev file does not record it again as dev
        assertThat(from(scan, "svc/requirements-dev.txt")).containsExactly(
                pypi("pytest", "8.1.1", "dev", "svc/requirements-dev.txt"));
        assertThat(from(scan, "svc/requirements/lint.txt")).containsExactly(
                pypi("ruff", "0.3.4", "dev", "svc/requirements/lint.txt"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void aMissingOrEscapingIncludeIsReportedAndTheRestKept() {
        ManifestScan scan = new FixtureRepo(dir).file("requirements-test.txt", """
                -r does-not-exist.txt
                -r ../../etc/passwd
                -r https://example.com/remote-requirements.txt
                pytest-cov==5.0.0
                """).scan();

        assertThat(scan.dependencies()).containsExactly(pypi("pytest-cov", "5.0.0", "test", "requirements-test.txt"));
        assertThat(scan.errors()).containsExactly(
                new ManifestError("requirements-test.txt", "line 1: included file does-not-exist.txt not found"),
                new ManifestError("requirements-test.txt", "line 2: included file ../../etc/passwd is outside the repository"));
    }

    @Test
    void readsPep621ProjectTables() {
        ManifestScan scan = new FixtureRepo(dir).file("pyproject.toml", """
                [build-system]
                requires = ["hatchling>=1.21"]
                build-backend = "hatchling.build"

                [project]
                name = "Acme_Billing.Client"
                version = "1.2.0"
                dependencies = [
                  "httpx>=0.27",
                  "Pydantic[email]==2.6.4",
                  "tomli; python_version < '3.11'",
                ]

                [project.optional-dependencies]
                cli = ["typer==0.12.0", "rich"]
                "a.b" = ["six"]

                [dependency-groups]
                test = ["pytest>=8", { include-group = "lint" }]
                lint = ["ruff==0.3.4"]
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                pypi("hatchling", ">=1.21", "build", "pyproject.toml"),
                pypi("httpx", ">=0.27", "runtime", "pyproject.toml"),
                pypi("pydantic", "2.6.4", "runtime", "pyproject.toml"),
                pypi("pytest", ">=8", "test", "pyproject.toml"),
                pypi("rich", null, "optional", "pyproject.toml"),
                pypi("ruff", "0.3.4", "dev", "pyproject.toml"),
                pypi("six", null, "optional", "pyproject.toml"),
                pypi("tomli", null, "runtime", "pyproject.toml"),
                pypi("typer", "0.12.0", "optional", "pyproject.toml"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("pypi", "acme-billing-client", "pyproject.toml"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void readsPoetryDependenciesAndGroups() {
        ManifestScan scan = new FixtureRepo(dir).file("svc/pyproject.toml", """
                [tool.poetry]
                name = "acme-worker"
                version = "0.3.0"

                [tool.poetry.dependencies]
                python = "^3.11"
                Celery = "^5.3"
                redis = { version = "5.0.3", extras = ["hiredis"] }
                boto3 = { version = "^1.34", optional = true }
                internal-lib = { git = "https://github.com/acme/internal-lib.git", tag = "v2.0.0" }
                anything = "*"
                numpy = [
                  { version = "<1.25", python = "<3.9" },
                  { version = "^1.26", python = ">=3.9" },
                ]

                [tool.poetry.dev-dependencies]
                black = "24.3.0"

                [tool.poetry.group.dev.dependencies]
                mypy = "^1.9"

                [tool.poetry.group.test.dependencies]
                pytest = "^8.1"

                [tool.poetry.group.docs]
                optional = true

                [tool.poetry.group.docs.dependencies]
                mkdocs = "1.5.3"
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                pypi("anything", null, "runtime", "svc/pyproject.toml"),
                pypi("black", "24.3.0", "dev", "svc/pyproject.toml"),
                pypi("boto3", "^1.34", "optional", "svc/pyproject.toml"),
                pypi("celery", "^5.3", "runtime", "svc/pyproject.toml"),
                pypi("internal-lib", null, "runtime", "svc/pyproject.toml"),
                pypi("mkdocs", "1.5.3", "dev", "svc/pyproject.toml"),
                pypi("mypy", "^1.9", "dev", "svc/pyproject.toml"),
                pypi("numpy", null, "runtime", "svc/pyproject.toml"),
                pypi("pytest", "^8.1", "test", "svc/pyproject.toml"),
                pypi("redis", "5.0.3", "runtime", "svc/pyproject.toml"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("pypi", "acme-worker", "svc/pyproject.toml"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void invalidTomlIsOneErrorAndABadRequirementInsideIsReportedWhereItIs() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("a/pyproject.toml", """
                        [project]
                        name = "a"
                        dependencies = ["ok==1.0"
                        """)
                .file("b/pyproject.toml", """
                        [project]
                        name = "b"
                        dependencies = ["fine==1.0", "!!nope"]
                        """)
                .scan();

        assertThat(scan.dependencies()).containsExactly(pypi("fine", "1.0", "runtime", "b/pyproject.toml"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("pypi", "b", "b/pyproject.toml"));
        assertThat(scan.errors()).hasSize(2);
        assertThat(scan.errors().get(0).manifest()).isEqualTo("a/pyproject.toml");
        assertThat(scan.errors().get(0).message()).startsWith("invalid TOML at line");
        assertThat(scan.errors().get(1))
                .isEqualTo(new ManifestError("b/pyproject.toml", "project.dependencies: not a requirement: '!!nope'"));
    }

    @Test
    void onlyRequirementsNamedFilesAreManifests() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("Requirements_Dev.TXT", "black==24.3.0\n")
                .file("constraints.txt", "urllib3<2\n")
                .file("requirements.in", "flask\n")
                .file("docs/notes.txt", "not==a manifest\n")
                .scan();

        assertThat(scan.dependencies()).containsExactly(pypi("black", "24.3.0", "dev", "Requirements_Dev.TXT"));
    }

    private static Dependency pypi(String name, String version, String scope, String manifest) {
        return new Dependency("pypi", name, version, scope, true, manifest);
    }
}
