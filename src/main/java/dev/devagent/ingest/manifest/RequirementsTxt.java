package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * pip's requirements file format: one PEP 508 requirement per logical line, {@code \} continuations,
 * {@code #} comments, {@code -r} includes resolved next to the including file. Editable installs, URLs,
 * local paths and pip options are skipped; a line we cannot read is reported and the rest still count.
 */
final class RequirementsTxt {

    // pip's rule: '#' starts a comment at line start or after whitespace (so URL fragments survive)
    private static final Pattern COMMENT = Pattern.compile("(^|\\s+)#.*$");
    // per-requirement options such as --hash=sha256:... follow the requirement after whitespace
    private static final Pattern TRAILING_OPTIONS = Pattern.compile("\\s--\\S.*$");
    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final int MAX_INCLUDE_DEPTH = 10;

    private final RepoFiles repo;
    private final Findings findings;
    private final Set<String> visited = new HashSet<>();

    RequirementsTxt(RepoFiles repo, Findings findings) {
        this.repo = repo;
        this.findings = findings;
    }

    static boolean isRequirementsFile(String path) {
        String name = RepoFiles.fileName(path).toLowerCase(Locale.ROOT);
        return name.startsWith("requirements") && name.endsWith(".txt");
    }

    void read(String path) throws IOException {
        visited.add(path);
        read(path, repo.read(path), PythonManifestParser.scopeFromName(RepoFiles.fileName(path), "runtime"), 0);
    }

    private void read(String path, String text, String scope, int depth) {
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            StringBuilder logical = new StringBuilder(lines[i]);
            while (endsWithContinuation(logical) && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(lines[++i]);
            }
            if (endsWithContinuation(logical)) {
                logical.setLength(logical.length() - 1);
            }
            String line = COMMENT.matcher(logical).replaceFirst("").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("-")) {
                option(path, number, line, scope, depth);
            } else if (!isUrlOrPath(line)) {
                requirement(path, number, TRAILING_OPTIONS.matcher(line).replaceFirst(""), scope);
            }
        }
    }

    private void requirement(String path, int number, String line, String scope) {
        try {
            PythonRequirement requirement = PythonRequirement.parse(line);
            findings.dependency(PythonManifestParser.ECOSYSTEM, requirement.name(), requirement.version(), scope, true, path);
        } catch (ManifestFormatException e) {
            findings.error(path, "line " + number + ": " + e.getMessage());
        }
    }

    /** Only -r/--requirement matters; constraints, editables, index and build options add no dependency. */
    private void option(String path, int number, String line, String scope, int depth) {
        String name;
        String value;
        if (line.startsWith("--")) {
            int end = indexOfAny(line, "= \t");
            name = end < 0 ? line : line.substring(0, end);
            value = end < 0 ? "" : line.substring(end + 1).strip();
        } else {
            name = line.substring(0, Math.min(2, line.length()));
            value = line.substring(name.length()).strip();
        }
        if (name.equals("-r") || name.equals("--requirement")) {
            include(path, number, unquote(value), scope, depth);
        }
    }

    private void include(String path, int number, String spec, String scope, int depth) {
        if (spec.isEmpty() || spec.contains("://")) {
            return; // a remote requirements file is not part of this repository
        }
        String target = RepoFiles.resolve(RepoFiles.directoryOf(path), spec);
        if (target == null) {
            findings.error(path, "line " + number + ": included file " + spec + " is outside the repository");
            return;
        }
        if (repo.isListed(target) && isRequirementsFile(target)) {
            return; // it is a manifest of its own and scanned as one, under its own scope
        }
        if (!repo.exists(target)) {
            findings.error(path, "line " + number + ": included file " + spec + " not found");
            return;
        }
        if (depth >= MAX_INCLUDE_DEPTH || !visited.add(target)) {
            return; // an include cycle: every file is read once
        }
        try {
            read(target, repo.read(target), PythonManifestParser.scopeFromName(RepoFiles.fileName(target), scope), depth + 1);
        } catch (IOException e) {
            findings.error(target, e.getMessage());
        }
    }

    /** Lines pip installs from a location rather than an index name: URLs, VCS links, paths, archives. */
    private static boolean isUrlOrPath(String line) {
        String first = line.split("\\s+", 2)[0];
        int at = first.indexOf('@');
        int colon = first.indexOf(':');
        boolean scheme = URL_SCHEME.matcher(first).matches() && (at < 0 || colon < at);
        String lower = first.toLowerCase(Locale.ROOT);
        boolean archive = lower.endsWith(".whl") || lower.endsWith(".zip") || lower.endsWith(".tar.gz")
                || lower.endsWith(".tgz") || lower.endsWith(".tar.bz2");
        return scheme || archive || ".~/\\".indexOf(first.charAt(0)) >= 0;
    }

    private static boolean endsWithContinuation(CharSequence line) {
        return line.length() > 0 && line.charAt(line.length() - 1) == '\\';
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'")) ? value.substring(1, value.length() - 1) : value;
    }
}
