package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Just enough of an MSBuild evaluation to read package references: Directory.Build.props, then
 * Directory.Packages.props, then the project, following plain {@code <Import>}s; all properties first,
 * then items against the final properties, as MSBuild's passes do. Conditions are not evaluated.
 */
final class MsBuildProject {

    static final String BUILD_PROPS = "Directory.Build.props";
    static final String PACKAGES_PROPS = "Directory.Packages.props";

    // imports nest a few levels in practice; this only stops runaway chains
    private static final int MAX_IMPORT_DEPTH = 16;

    // the common "chain to the next Directory.*.props above" idiom; the only property function we understand
    private static final Pattern FILE_ABOVE = Pattern.compile("GetPathOfFileAbove\\(\\s*'?([^',)\\s]+)'?");

    private static final Set<String> ITEM_OPERATIONS = Set.of("Include", "Update", "Remove", "Exclude", "Condition");

    /** An evaluated item: its identity (Include) and metadata, both with properties expanded. */
    record Item(String type, String include, Map<String, String> metadata) {
    }

    private record DeclaredItem(String type, String include, String update, String remove,
                                Map<String, String> metadata, String declaredIn) {
    }

    private final String projectPath;
    private final RepoFiles repo;
    private final Findings findings;
    private final Map<String, String> properties = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<DeclaredItem> declaredItems = new ArrayList<>();
    private final Set<String> imported = new HashSet<>();
    private final List<Item> items = new ArrayList<>();

    private MsBuildProject(String projectPath, RepoFiles repo, Findings findings) {
        this.projectPath = projectPath;
        this.repo = repo;
        this.findings = findings;
    }

    /**
     * @param findings receives errors of imported files (a broken Directory.Build.props is reported, not fatal);
     *                 an unreadable project file itself throws
     */
    static MsBuildProject evaluate(String projectPath, RepoFiles repo, Findings findings) throws IOException {
        MsBuildProject project = new MsBuildProject(projectPath, repo, findings);
        project.run();
        return project;
    }

    String property(String name) {
        return properties.get(name);
    }

    List<Item> items(String type) {
        return items.stream().filter(item -> item.type().equalsIgnoreCase(type)).toList();
    }

    /** The project file name without extension, which MSBuild calls MSBuildProjectName. */
    static String projectName(String path) {
        String name = RepoFiles.fileName(path);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * A path as MSBuild files write them (backslashes, or rooted in "/" after a $(MSBuildThisFileDirectory)
     * expansion) resolved to a repo-relative one; null if it leaves the repository.
     */
    static String resolvePath(String directory, String spec) {
        String path = spec.replace('\\', '/').strip();
        return path.startsWith("/") ? RepoFiles.resolve("", path.substring(1)) : RepoFiles.resolve(directory, path);
    }

    private void run() throws IOException {
        imported.add(projectPath);
        properties.put("MSBuildProjectName", projectName(projectPath));
        properties.put("MSBuildProjectFile", RepoFiles.fileName(projectPath));
        properties.put("MSBuildProjectDirectory", rooted(RepoFiles.directoryOf(projectPath)));
        String directory = RepoFiles.directoryOf(projectPath);
        repo.nearestAbove(directory, BUILD_PROPS).ifPresent(props -> importFile(props, 1));
        repo.nearestAbove(directory, PACKAGES_PROPS).ifPresent(props -> importFile(props, 1));
        process(projectElement(projectPath), projectPath, 0);
        evaluateItems();
    }

    private Element projectElement(String path) throws IOException {
        Element root = SafeXml.parse(repo.read(path)).getDocumentElement();
        if (!SafeXml.localName(root).equals("Project")) {
            throw new ManifestFormatException("not an MSBuild project: root element is <" + SafeXml.localName(root) + ">");
        }
        return root;
    }

    private void importFile(String path, int depth) {
        if (depth > MAX_IMPORT_DEPTH || !imported.add(path)) {
            return;
        }
        try {
            process(projectElement(path), path, depth);
        } catch (IOException | ManifestFormatException e) {
            findings.error(path, e.getMessage());
        }
    }

    private void process(Element project, String path, int depth) {
        Function<String, String> lookup = lookupIn(path);
        for (Element element : SafeXml.children(project)) {
            switch (SafeXml.localName(element)) {
                case "PropertyGroup" -> SafeXml.children(element).forEach(property -> properties.put(
                        SafeXml.localName(property), Placeholders.MSBUILD.expand(property.getTextContent().strip(), lookup)));
                case "ItemGroup" -> SafeXml.children(element).forEach(item -> declaredItems.add(declared(item, path)));
                case "Import" -> importFrom(element, path, depth);
                case "ImportGroup" -> SafeXml.children(element, "Import").forEach(i -> importFrom(i, path, depth));
                default -> {
                    // Target, Choose, UsingTask, ... do not declare package references we can read statically
                }
            }
        }
    }

    private void importFrom(Element element, String path, int depth) {
        String project = element.getAttribute("Project");
        if (project.isBlank() || element.hasAttribute("Sdk")) {
            return; // SDK imports live in the toolchain, not the repository
        }
        String directory = RepoFiles.directoryOf(path);
        Matcher above = FILE_ABOVE.matcher(project);
        if (above.find()) {
            String parent = RepoFiles.parentOf(directory);
            if (parent != null) {
                repo.nearestAbove(parent, above.group(1)).ifPresent(found -> importFile(found, depth + 1));
            }
            return;
        }
        String expanded = Placeholders.MSBUILD.expand(project, lookupIn(path));
        if (Placeholders.MSBUILD.unresolved(expanded) || expanded.contains("*")) {
            return;
        }
        String target = resolvePath(directory, expanded);
        if (target != null && repo.exists(target)) {
            importFile(target, depth + 1);
        }
    }

    private static DeclaredItem declared(Element item, String path) {
        Map<String, String> metadata = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        NamedNodeMap attributes = item.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (!ITEM_OPERATIONS.contains(attribute.getName())) {
                metadata.put(attribute.getName(), attribute.getValue());
            }
        }
        SafeXml.children(item).forEach(child -> metadata.put(SafeXml.localName(child), child.getTextContent().strip()));
        return new DeclaredItem(SafeXml.localName(item), attribute(item, "Include"), attribute(item, "Update"),
                attribute(item, "Remove"), metadata, path);
    }

    /** Second pass: Include adds, Update amends, Remove drops — in declaration order, with final properties. */
    private void evaluateItems() {
        for (DeclaredItem declared : declaredItems) {
            Function<String, String> lookup = lookupIn(declared.declaredIn());
            Map<String, String> metadata = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            declared.metadata().forEach((name, value) -> metadata.put(name, Placeholders.MSBUILD.expand(value, lookup)));
            if (declared.include() != null) {
                for (String include : split(declared.include(), lookup)) {
                    items.add(new Item(declared.type(), include, metadata));
                }
            } else if (declared.update() != null) {
                for (String update : split(declared.update(), lookup)) {
                    items.replaceAll(item -> matches(item, declared.type(), update) ? amended(item, metadata) : item);
                }
            } else if (declared.remove() != null) {
                for (String remove : split(declared.remove(), lookup)) {
                    items.removeIf(item -> matches(item, declared.type(), remove));
                }
            }
        }
    }

    private static Item amended(Item item, Map<String, String> metadata) {
        Map<String, String> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.putAll(item.metadata());
        merged.putAll(metadata);
        return new Item(item.type(), item.include(), merged);
    }

    private static boolean matches(Item item, String type, String include) {
        return item.type().equalsIgnoreCase(type) && item.include().equalsIgnoreCase(include);
    }

    private static List<String> split(String spec, Function<String, String> lookup) {
        List<String> parts = new ArrayList<>();
        for (String part : Placeholders.MSBUILD.expand(spec, lookup).split(";")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts;
    }

    /** Properties as seen from one file: the MSBuildThisFile* family describes that file, not the project. */
    private Function<String, String> lookupIn(String path) {
        return name -> switch (name.toLowerCase(Locale.ROOT)) {
            case "msbuildthisfiledirectory" -> rooted(RepoFiles.directoryOf(path)) + "/";
            case "msbuildthisfile" -> RepoFiles.fileName(path);
            case "msbuildthisfilename" -> projectName(path);
            case "msbuildthisfilefullpath" -> rooted(path);
            default -> properties.get(name);
        };
    }

    /** Directories are handed to MSBuild expressions rooted at the repository, never as real disk paths. */
    private static String rooted(String repoPath) {
        return repoPath.isEmpty() ? "" : "/" + repoPath;
    }

    private static String attribute(Element element, String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }
}
