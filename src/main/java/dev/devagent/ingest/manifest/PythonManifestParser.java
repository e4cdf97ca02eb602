package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.util.Locale;

/** Python (PyPI): requirements*.txt files and pyproject.toml (PEP 621, PEP 735 groups, Poetry). */
final class PythonManifestParser implements ManifestParser {

    static final String ECOSYSTEM = "pypi";

    @Override
    public boolean recognises(String path) {
        return RequirementsTxt.isRequirementsFile(path) || RepoFiles.fileName(path).equals("pyproject.toml");
    }

    @Override
    public void parse(String path, RepoFiles repo, Findings findings) throws IOException {
        if (RequirementsTxt.isRequirementsFile(path)) {
            new RequirementsTxt(repo, findings).read(path);
        } else {
            PyprojectToml.read(path, repo.read(path), findings);
        }
    }

    /** Dev and test requirement sets are told apart by name: requirements-dev.txt, [dependency-groups] test, ... */
    static String scopeFromName(String name, String otherwise) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("test")) {
            return "test";
        }
        return lower.contains("dev") ? "dev" : otherwise;
    }
}
