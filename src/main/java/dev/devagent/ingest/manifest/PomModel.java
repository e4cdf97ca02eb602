package dev.devagent.ingest.manifest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The parts of one pom.xml that decide its dependencies, exactly as written (nothing interpolated yet). */
record PomModel(String groupId, String artifactId, String version, Parent parent, Map<String, String> properties,
                List<PomDependency> managed, List<PomDependency> dependencies) {

    /** {@code relativePath} is null when the POM says {@code <relativePath/>}: look in repositories only. */
    record Parent(String groupId, String artifactId, String version, String relativePath) {
    }

    record PomDependency(String groupId, String artifactId, String version, String scope, String type,
                         String classifier) {
    }

    static PomModel read(String text) throws IOException {
        Document document = SafeXml.parse(text);
        Element project = document.getDocumentElement();
        if (!SafeXml.localName(project).equals("project")) {
            throw new ManifestFormatException("not a Maven POM: root element is <" + SafeXml.localName(project) + ">");
        }
        return new PomModel(
                SafeXml.childText(project, "groupId"),
                SafeXml.childText(project, "artifactId"),
                SafeXml.childText(project, "version"),
                SafeXml.child(project, "parent").map(PomModel::parent).orElse(null),
                properties(project),
                SafeXml.child(project, "dependencyManagement").map(PomModel::dependencies).orElse(List.of()),
                dependencies(project));
    }

    private static Parent parent(Element parent) {
        String relativePath = SafeXml.child(parent, "relativePath")
                .map(element -> element.getTextContent().strip())
                .orElse("../pom.xml");
        return new Parent(SafeXml.childText(parent, "groupId"), SafeXml.childText(parent, "artifactId"),
                SafeXml.childText(parent, "version"), relativePath.isEmpty() ? null : relativePath);
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> properties = new LinkedHashMap<>();
        SafeXml.child(project, "properties").ifPresent(element -> SafeXml.children(element)
                .forEach(property -> properties.put(SafeXml.localName(property), property.getTextContent().strip())));
        return properties;
    }

    private static List<PomDependency> dependencies(Element owner) {
        return SafeXml.child(owner, "dependencies")
                .map(list -> SafeXml.children(list, "dependency").stream()
                        .map(dependency -> new PomDependency(
                                SafeXml.childText(dependency, "groupId"),
                                SafeXml.childText(dependency, "artifactId"),
                                SafeXml.childText(dependency, "version"),
                                SafeXml.childText(dependency, "scope"),
                                SafeXml.childText(dependency, "type"),
                                SafeXml.childText(dependency, "classifier")))
                        .toList())
                .orElse(List.of());
    }
}
