package org.spotlight.flows;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The NAR files this build produced, and what their manifests declare. */
final class BuiltNars {

    /**
     * A property as the extension manifest describes it.
     *
     * @param dependencies the properties it depends on, each with the values that make it apply (empty: any value)
     */
    record PropertyInfo(String name, boolean required, boolean sensitive, String defaultValue, boolean identifiesControllerService,
                        Map<String, List<String>> dependencies) {

        /** Whether the property applies (NiFi shows and validates it) with these property values. */
        boolean applies(final Map<String, String> values) {
            return dependencies.entrySet().stream().allMatch(dependency -> values.get(dependency.getKey()) != null
                    && (dependency.getValue().isEmpty() || dependency.getValue().contains(values.get(dependency.getKey()))));
        }
    }

    /**
     * A processor or controller service as listed in a NAR's extension manifest.
     *
     * @param yieldDuration a processor's default yield duration (its {@code @DefaultSettings}); null for services
     */
    record Extension(String type, String kind, Map<String, PropertyInfo> properties, List<String> relationships,
                     boolean dynamicProperties, String yieldDuration) {
        String simpleName() {
            return type.substring(type.lastIndexOf('.') + 1);
        }
    }

    static final Path PROJECT_ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private BuiltNars() {
    }

    static Path spotlightNar() {
        return find(PROJECT_ROOT.resolve("nifi-spotlight-nar/target"), "nifi-spotlight-nar-");
    }

    static Path servicesApiNar() {
        return find(PROJECT_ROOT.resolve("nifi-spotlight-services-api-nar/target"), "nifi-spotlight-services-api-nar-");
    }

    static Manifest manifest(final Path nar) throws IOException {
        try (JarFile jar = new JarFile(nar.toFile())) {
            return jar.getManifest();
        }
    }

    static List<String> entries(final Path nar) throws IOException {
        try (JarFile jar = new JarFile(nar.toFile())) {
            return jar.stream().map(entry -> entry.getName()).toList();
        }
    }

    /** Processors and controller services declared in META-INF/docs/extension-manifest.xml. */
    static List<Extension> extensions(final Path nar) throws Exception {
        try (JarFile jar = new JarFile(nar.toFile());
             InputStream in = jar.getInputStream(jar.getEntry("META-INF/docs/extension-manifest.xml"))) {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            final Document document = factory.newDocumentBuilder().parse(in);
            final NodeList nodes = document.getElementsByTagName("extension");
            final List<Extension> extensions = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                final Element extension = (Element) nodes.item(i);
                final Map<String, PropertyInfo> properties = new LinkedHashMap<>();
                for (Element property : children(child(extension, "properties"), "property")) {
                    final Map<String, List<String>> dependencies = new LinkedHashMap<>();
                    for (Element dependency : children(child(property, "dependencies"), "dependency")) {
                        dependencies.put(text(dependency, "propertyName"), children(child(dependency, "dependentValues"), "dependentValue").stream()
                                .map(Node::getTextContent).toList());
                    }
                    properties.put(text(property, "name"), new PropertyInfo(text(property, "name"), "true".equals(text(property, "required")),
                            "true".equals(text(property, "sensitive")), text(property, "defaultValue"),
                            child(property, "controllerServiceDefinition") != null, dependencies));
                }
                final List<String> relationships = children(child(extension, "relationships"), "relationship").stream()
                        .map(relationship -> text(relationship, "name")).toList();
                extensions.add(new Extension(text(extension, "name"), text(extension, "type"), properties, relationships,
                        child(extension, "dynamicProperties") != null, text(child(extension, "defaultSettings"), "yieldDuration")));
            }
            return extensions;
        }
    }

    private static Element child(final Element parent, final String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(final Element parent, final String name) {
        final List<Element> children = new ArrayList<>();
        if (parent != null) {
            for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element && element.getTagName().equals(name)) {
                    children.add(element);
                }
            }
        }
        return children;
    }

    private static String text(final Element parent, final String name) {
        final Element child = child(parent, name);
        return child == null ? null : child.getTextContent().strip();
    }

    private static Path find(final Path directory, final String prefix) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix) && file.toString().endsWith(".nar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.nar in " + directory + ": build with mvn package first"));
        } catch (final IOException e) {
            throw new IllegalStateException("cannot list " + directory + ": build with mvn package first", e);
        }
    }
}
