package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Finds the dependency manifests among a repository's files and reads each with its ecosystem's parser.
 * One unreadable manifest becomes one {@link ManifestError}; it never stops the others.
 */
@Component
public class ManifestScanner {

    private static final Logger log = LoggerFactory.getLogger(ManifestScanner.class);

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private static final Comparator<Dependency> DEPENDENCY_ORDER = Comparator.comparing(Dependency::manifest)
            .thenComparing(Dependency::ecosystem)
            .thenComparing(Dependency::name)
            .thenComparing(Dependency::scope)
            .thenComparing(Dependency::version, NULLS_FIRST)
            .thenComparing(Dependency::direct);

    private static final Comparator<PublishedPackage> PUBLISHED_ORDER = Comparator.comparing(PublishedPackage::manifest)
            .thenComparing(PublishedPackage::ecosystem)
            .thenComparing(PublishedPackage::name);

    private static final Comparator<ManifestError> ERROR_ORDER = Comparator.comparing(ManifestError::manifest)
            .thenComparing(ManifestError::message);

    private final List<ManifestParser> parsers;

    public ManifestScanner() {
        this(List.of(new NpmManifestParser(), new MavenManifestParser(), new NuGetManifestParser(),
                new GoModParser(), new PythonManifestParser()));
    }

    ManifestScanner(List<ManifestParser> parsers) {
        this.parsers = List.copyOf(parsers);
    }

    /**
     * @param repoRoot          the checked-out repository
     * @param repoRelativeFiles every file of the repository worth looking at (already without .git,
     *                          node_modules and the like); the manifests are picked from these
     */
    public ManifestScan scan(Path repoRoot, Collection<Path> repoRelativeFiles) {
        Path root = repoRoot.toAbsolutePath().normalize();
        List<String> paths = repoRelativeFiles.stream()
                .map(file -> toRepoPath(root, file))
                .flatMap(Optional::stream)
                .distinct()
                .sorted()
                .toList();
        RepoFiles repo = new RepoFiles(root, paths);

        List<Dependency> dependencies = new ArrayList<>();
        List<PublishedPackage> publishes = new ArrayList<>();
        List<ManifestError> errors = new ArrayList<>();
        for (String path : paths) {
            Optional<ManifestParser> parser = parsers.stream().filter(p -> p.recognises(path)).findFirst();
            if (parser.isEmpty()) {
                continue;
            }
            Findings findings = new Findings();
            try {
                parser.get().parse(path, repo, findings);
                dependencies.addAll(findings.dependencies);
                publishes.addAll(findings.publishes);
                errors.addAll(findings.errors);
            } catch (IOException | RuntimeException e) {
                errors.add(new ManifestError(path, describe(e)));
                if (!(e instanceof IOException || e instanceof ManifestFormatException)) {
                    // not a bad manifest but a parser bug: worth a stack trace
                    log.warn("Parser {} failed on {}", parser.get().getClass().getSimpleName(), path, e);
                }
            }
        }
        return new ManifestScan(
                dependencies.stream().distinct().sorted(DEPENDENCY_ORDER).toList(),
                publishes.stream().distinct().sorted(PUBLISHED_ORDER).toList(),
                errors.stream().distinct().sorted(ERROR_ORDER).toList());
    }

    /** The file as a '/'-separated path inside the repository, whichever way the caller gave it. */
    private static Optional<String> toRepoPath(Path root, Path file) {
        Path relative = file.isAbsolute() ? file.normalize() : root.resolve(file).normalize();
        if (!relative.startsWith(root) || relative.equals(root)) {
            return Optional.empty();
        }
        relative = root.relativize(relative);
        List<String> names = new ArrayList<>();
        relative.forEach(name -> names.add(name.toString()));
        return Optional.of(String.join("/", names));
    }

    private static String describe(Exception e) {
        if (e instanceof JsonProcessingException json) {
            var at = json.getLocation();
            return "invalid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + json.getOriginalMessage();
        }
        if (e instanceof IOException || e instanceof ManifestFormatException) {
            return e.getMessage();
        }
        return "could not parse: " + e;
    }
}
