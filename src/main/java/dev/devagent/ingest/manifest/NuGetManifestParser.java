package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.w3c.dom.Element;

/**
 * NuGet: SDK-style and classic project files (PackageReference in every form, central versions from
 * Directory.Packages.props, references inherited from Directory.Build.props, ProjectReference) and
 * packages.config.
 */
final class NuGetManifestParser implements ManifestParser {

    private static final String ECOSYSTEM = "nuget";
    private static final String PACKAGES_CONFIG = "packages.config";
    private static final List<String> PROJECT_EXTENSIONS = List.of(".csproj", ".fsproj", ".vbproj");

    @Override
    public boolean recognises(String path) {
        String name = RepoFiles.fileName(path).toLowerCase(Locale.ROOT);
        return name.equals(PACKAGES_CONFIG) || isProjectFile(name);
    }

    @Override
    public void parse(String path, RepoFiles repo, Findings findings) throws IOException {
        if (RepoFiles.fileName(path).equalsIgnoreCase(PACKAGES_CONFIG)) {
            parsePackagesConfig(path, repo, findings);
        } else {
            parseProject(path, repo, findings);
        }
    }

    private static void parseProject(String path, RepoFiles repo, Findings findings) throws IOException {
        MsBuildProject project = MsBuildProject.evaluate(path, repo, findings);
        findings.publishes(ECOSYSTEM, packageName(project, path), path);

        Map<String, String> centralVersions = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        project.items("PackageVersion").forEach(item -> centralVersions.put(item.include(), item.metadata().get("Version")));

        for (MsBuildProject.Item reference : project.items("PackageReference")) {
            Map<String, String> metadata = reference.metadata();
            String version = firstKnown(metadata.get("VersionOverride"), metadata.get("Version"),
                    centralVersions.get(reference.include()));
            findings.dependency(ECOSYSTEM, reference.include(), version, buildOnly(metadata) ? "build" : "runtime", true, path);
        }
        for (MsBuildProject.Item global : project.items("GlobalPackageReference")) {
            // central "global" references are analyzers and build tooling by design (always PrivateAssets=all)
            findings.dependency(ECOSYSTEM, global.include(), firstKnown(global.metadata().get("Version")), "build", true, path);
        }
        for (MsBuildProject.Item reference : project.items("ProjectReference")) {
            if (!reference.include().contains("*")) {
                projectReference(path, reference.include(), repo, findings);
            }
        }
    }

    /** Recorded under the name the referenced project publishes, so it joins up with that project's package. */
    private static void projectReference(String path, String include, RepoFiles repo, Findings findings) {
        String target = MsBuildProject.resolvePath(RepoFiles.directoryOf(path), include);
        String name = MsBuildProject.projectName(include.replace('\\', '/'));
        String version = null;
        if (target != null && repo.exists(target) && isProjectFile(RepoFiles.fileName(target).toLowerCase(Locale.ROOT))) {
            try {
                MsBuildProject referenced = MsBuildProject.evaluate(target, repo, new Findings());
                name = packageName(referenced, target);
                version = firstKnown(referenced.property("Version"));
            } catch (IOException | ManifestFormatException e) {
                // the referenced project reports its own error when it is scanned; its file name still names it
            }
        }
        findings.dependency(ECOSYSTEM, name, version, "project", true, path);
    }

    private static void parsePackagesConfig(String path, RepoFiles repo, Findings findings) throws IOException {
        Element packages = SafeXml.parse(repo.read(path)).getDocumentElement();
        if (!SafeXml.localName(packages).equals("packages")) {
            throw new ManifestFormatException("not a packages.config: root element is <" + SafeXml.localName(packages) + ">");
        }
        for (Element entry : SafeXml.children(packages, "package")) {
            String id = entry.getAttribute("id").strip();
            if (!id.isEmpty()) {
                boolean development = entry.getAttribute("developmentDependency").strip().equalsIgnoreCase("true");
                findings.dependency(ECOSYSTEM, id, entry.getAttribute("version"), development ? "dev" : "runtime", true, path);
            }
        }
    }

    /** PackageId, else AssemblyName, else the project file's name — what `dotnet pack` would call it. */
    private static String packageName(MsBuildProject project, String path) {
        String name = firstKnown(project.property("PackageId"), project.property("AssemblyName"));
        return name != null ? name : MsBuildProject.projectName(path);
    }

    /** PrivateAssets=all keeps a package out of consumers: it only serves this project's build. */
    private static boolean buildOnly(Map<String, String> metadata) {
        String privateAssets = metadata.get("PrivateAssets");
        return privateAssets != null && Arrays.stream(privateAssets.split(";")).anyMatch(asset -> asset.strip().equalsIgnoreCase("all"));
    }

    /** The first value that is set and fully expanded; "$(Unknown)" counts as not known. */
    private static String firstKnown(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank() && !Placeholders.MSBUILD.unresolved(candidate)) {
                return candidate.strip();
            }
        }
        return null;
    }

    private static boolean isProjectFile(String lowerCaseName) {
        return PROJECT_EXTENSIONS.stream().anyMatch(lowerCaseName::endsWith);
    }
}
