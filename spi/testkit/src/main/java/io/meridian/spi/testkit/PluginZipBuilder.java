package io.meridian.spi.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarEntry;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a PF4J plugin zip, the format the appliance loads from its plugins directory:
 * <pre>
 * plugin.properties              plugin.id, plugin.version, plugin.requires, plugin.provider, plugin.class (optional)
 * classes/...                    the plugin's classes and resources
 * classes/META-INF/extensions.idx  one extension class name per line
 * lib/*.jar                      the plugin's own libraries
 * </pre>
 * With {@link #manifestDescriptor()} the descriptor goes to {@code classes/META-INF/MANIFEST.MF} as
 * {@code Plugin-Id}, {@code Plugin-Version}, {@code Plugin-Requires}... instead.
 *
 * <pre>{@code
 * Path zip = PluginZipBuilder.plugin("channel-example")
 *     .version("1.2.0").requires(">=1.0.0 & <2.0.0").provider("Example Ltd")
 *     .extension(ExampleChannelFactory.class)        // the class, its nested classes, and an extensions.idx line
 *     .addClass(ExampleChannel.class)
 *     .writeInto(pluginsDir);                        // pluginsDir/channel-example-1.2.0.zip
 * }</pre>
 *
 * <p>Classes are copied from wherever their class loader finds them (a directory or a jar), together with their
 * nested and anonymous classes. Entries are written in name order with a fixed time stamp, so the same input gives
 * the same bytes (and the same signature). Not thread-safe.
 */
public final class PluginZipBuilder {

    /** The time stamp of every entry: 2020-01-01T00:00:00Z, for reproducible zips. */
    private static final long ENTRY_TIME = 1_577_836_800_000L;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String pluginId;
    private String version = "1.0.0";
    private String requires = "";
    private String provider = "Meridian test kit";
    private String pluginClass;
    private String description;
    private String license;
    private boolean manifest;
    private PrivateKey signingKey;
    private final Set<String> extensions = new LinkedHashSet<>();
    private final Map<String, byte[]> entries = new TreeMap<>();

    private PluginZipBuilder(String pluginId) {
        this.pluginId = pluginId;
    }

    /**
     * @param pluginId the PF4J plugin id, e.g. {@code channel-example}
     * @return a builder with version {@code 1.0.0}, no requirement and no plugin class
     */
    public static PluginZipBuilder plugin(String pluginId) {
        Objects.requireNonNull(pluginId, "pluginId");
        if (!ID.matcher(pluginId).matches()) {
            throw new IllegalArgumentException("plugin id '" + pluginId + "' must match " + ID.pattern());
        }
        return new PluginZipBuilder(pluginId);
    }

    /** @return this builder with the plugin version (SemVer) */
    public PluginZipBuilder version(String value) {
        this.version = Objects.requireNonNull(value, "version");
        return this;
    }

    /** @return this builder with the SPI requirement, e.g. {@code >=1.0.0 & <2.0.0} */
    public PluginZipBuilder requires(String value) {
        this.requires = Objects.requireNonNull(value, "requires");
        return this;
    }

    /** @return this builder with the provider (the plugin's author) */
    public PluginZipBuilder provider(String value) {
        this.provider = Objects.requireNonNull(value, "provider");
        return this;
    }

    /** @return this builder with the description */
    public PluginZipBuilder description(String value) {
        this.description = value;
        return this;
    }

    /** @return this builder with the licence */
    public PluginZipBuilder license(String value) {
        this.license = value;
        return this;
    }

    /**
     * @param className a subclass of {@code org.pf4j.Plugin} for start/stop hooks; optional (PF4J then uses its
     *        base {@code Plugin})
     * @return this builder
     */
    public PluginZipBuilder pluginClass(String className) {
        this.pluginClass = className;
        return this;
    }

    /** @return this builder writing the descriptor as {@code classes/META-INF/MANIFEST.MF} instead of properties */
    public PluginZipBuilder manifestDescriptor() {
        this.manifest = true;
        return this;
    }

    /**
     * Adds an extension: its class files (see {@link #addClass(Class)}) and a line in
     * {@code classes/META-INF/extensions.idx}.
     *
     * @param type the {@code @Extension} class, e.g. a {@code ChannelConnectorFactory}
     * @return this builder
     */
    public PluginZipBuilder extension(Class<?> type) {
        addClass(type);
        extensions.add(type.getName());
        return this;
    }

    /**
     * Lists a class in {@code extensions.idx} without adding its class file (for classes added as a directory or jar).
     *
     * @param className the binary name of an extension class
     * @return this builder
     */
    public PluginZipBuilder extensionName(String className) {
        extensions.add(Objects.requireNonNull(className, "className"));
        return this;
    }

    /**
     * Copies a class file and those of its nested, inner and anonymous classes under {@code classes/}.
     *
     * @param type a class compiled to a directory or a jar
     * @return this builder
     */
    public PluginZipBuilder addClass(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        URL url = Objects.requireNonNull(type.getClassLoader(), "bootstrap classes cannot be added")
                .getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no class file for " + type.getName());
        }
        String outerPrefix = resource.substring(0, resource.length() - ".class".length()) + "$";
        String packageDirectory = resource.substring(0, resource.lastIndexOf('/') + 1);
        try {
            entries.put("classes/" + resource, readAll(url));
            if (url.getProtocol().equals("file")) {
                Path file = Paths.get(url.toURI());
                try (Stream<Path> siblings = Files.list(file.getParent())) {
                    String simplePrefix = file.getFileName().toString().replace(".class", "$");
                    for (Path sibling : (Iterable<Path>) siblings::iterator) {
                        String name = sibling.getFileName().toString();
                        if (name.startsWith(simplePrefix) && name.endsWith(".class")) {
                            entries.put("classes/" + packageDirectory + name, Files.readAllBytes(sibling));
                        }
                    }
                }
            } else if (url.getProtocol().equals("jar")) {
                String path = url.getPath();
                Path jar = Paths.get(URI.create(path.substring(0, path.indexOf("!/"))));
                try (JarFile jarFile = new JarFile(jar.toFile())) {
                    Enumeration<JarEntry> jarEntries = jarFile.entries();
                    while (jarEntries.hasMoreElements()) {
                        JarEntry entry = jarEntries.nextElement();
                        if (entry.getName().startsWith(outerPrefix) && entry.getName().endsWith(".class")) {
                            try (InputStream in = jarFile.getInputStream(entry)) {
                                entries.put("classes/" + entry.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class files of " + type.getName(), e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot locate the class files of " + type.getName(), e);
        }
        return this;
    }

    /** @return this builder with each class added, see {@link #addClass(Class)} */
    public PluginZipBuilder addClasses(Class<?>... types) {
        for (Class<?> type : types) {
            addClass(type);
        }
        return this;
    }

    /**
     * Copies a compiled classes directory (e.g. {@code target/classes}) under {@code classes/}, including a
     * {@code META-INF/extensions.idx} generated by PF4J's annotation processor; lines of that index are kept.
     *
     * @param directory the directory
     * @return this builder
     */
    public PluginZipBuilder addClassesDirectory(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    String name = directory.relativize(file).toString().replace('\\', '/');
                    if (name.equals("META-INF/extensions.idx")) {
                        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                            if (!line.isBlank() && !line.startsWith("#")) {
                                extensions.add(line.trim());
                            }
                        }
                    } else {
                        entries.put("classes/" + name, Files.readAllBytes(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
        return this;
    }

    /**
     * @param path a resource path below {@code classes/}, e.g. {@code messages.properties}
     * @param content its bytes
     * @return this builder
     */
    public PluginZipBuilder addResource(String path, byte[] content) {
        Objects.requireNonNull(path, "path");
        if (path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("resource path '" + path + "' must be relative, without '..'");
        }
        entries.put("classes/" + path, content.clone());
        return this;
    }

    /**
     * @param jar a library jar the plugin needs, copied to {@code lib/}
     * @return this builder
     */
    public PluginZipBuilder addJar(Path jar) {
        try {
            return addJar(jar.getFileName().toString(), Files.readAllBytes(jar));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /**
     * @param fileName the jar's name, ending in {@code .jar}
     * @param content its bytes
     * @return this builder
     */
    public PluginZipBuilder addJar(String fileName, byte[] content) {
        if (!fileName.endsWith(".jar") || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("'" + fileName + "' must be a plain file name ending in .jar");
        }
        entries.put("lib/" + fileName, content.clone());
        return this;
    }

    /**
     * Signs the zip when it is written: {@link #writeTo(Path)} also writes the detached signature {@code <zip>.sig}
     * (base64 of the signature over the zip's exact bytes), the format the appliance verifies against the public
     * keys its admin trusts.
     *
     * @param key an Ed25519 key (signature {@code Ed25519}) or an EC P-256 key (signature {@code SHA256withECDSA})
     * @return this builder
     */
    public PluginZipBuilder signedWith(PrivateKey key) {
        this.signingKey = Objects.requireNonNull(key, "key");
        signatureAlgorithm(key);
        return this;
    }

    /**
     * @param key a public key
     * @return it as a PEM {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo), as an admin installs a trusted key
     */
    public static String publicKeyPem(PublicKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * @param zipBytes the zip's bytes
     * @param key an Ed25519 or EC P-256 private key
     * @return the detached signature over the bytes, base64-encoded, as written to {@code <zip>.sig}
     */
    public static String sign(byte[] zipBytes, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm(key));
            signature.initSign(key);
            signature.update(zipBytes);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        String algorithm = key.getAlgorithm().toUpperCase(java.util.Locale.ROOT);
        if (algorithm.equals("ED25519") || algorithm.equals("EDDSA")) {
            return "Ed25519";
        }
        if (algorithm.equals("EC")) {
            return "SHA256withECDSA";
        }
        throw new IllegalArgumentException("unsupported signing key " + key.getAlgorithm() + "; use Ed25519 or EC P-256");
    }

    /** @return the zip's bytes */
    public byte[] toBytes() {
        Map<String, byte[]> all = new TreeMap<>(entries);
        if (!extensions.isEmpty()) {
            all.put("classes/META-INF/extensions.idx", (String.join("\n", extensions) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (manifest) {
            all.put("classes/META-INF/MANIFEST.MF", manifestBytes());
        } else {
            all.put("plugin.properties", propertiesBytes());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            Set<String> directories = new LinkedHashSet<>();
            for (Map.Entry<String, byte[]> entry : all.entrySet()) {
                String name = entry.getKey();
                for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
                    String directory = name.substring(0, slash + 1);
                    if (directories.add(directory)) {
                        put(zip, directory, null);
                    }
                }
                put(zip, name, entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes the zip and, if {@link #signedWith(PrivateKey) signed}, {@code <zip>.sig} beside it.
     *
     * @param zipFile where to write; parent directories are created
     * @return {@code zipFile}
     * @throws IOException if it cannot be written
     */
    public Path writeTo(Path zipFile) throws IOException {
        Path parent = zipFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] bytes = toBytes();
        Files.write(zipFile, bytes);
        Path signatureFile = zipFile.resolveSibling(zipFile.getFileName() + ".sig");
        if (signingKey != null) {
            Files.writeString(signatureFile, sign(bytes, signingKey) + "\n", StandardCharsets.US_ASCII);
        } else {
            Files.deleteIfExists(signatureFile); // a stale signature would not match the new bytes
        }
        return zipFile;
    }

    /**
     * @param pluginsDirectory a plugins directory
     * @return the written {@code <id>-<version>.zip} in it
     * @throws IOException if it cannot be written
     */
    public Path writeInto(Path pluginsDirectory) throws IOException {
        return writeTo(pluginsDirectory.resolve(pluginId + "-" + version + ".zip"));
    }

    /** @return the names of the entries the zip will hold besides the descriptor and index, in order */
    public List<String> entryNames() {
        return new ArrayList<>(entries.keySet());
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(ENTRY_TIME);
        zip.putNextEntry(entry);
        if (content != null) {
            zip.write(content);
        }
        zip.closeEntry();
    }

    private byte[] propertiesBytes() {
        // Written by hand, not Properties.store: no date comment, stable order, reproducible bytes.
        StringBuilder text = new StringBuilder();
        line(text, "plugin.id", pluginId);
        line(text, "plugin.version", version);
        line(text, "plugin.requires", requires);
        line(text, "plugin.provider", provider);
        line(text, "plugin.class", pluginClass);
        line(text, "plugin.description", description);
        line(text, "plugin.license", license);
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void line(StringBuilder text, String key, String value) {
        if (value == null) {
            return;
        }
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '=' || c == ':' || c == '#' || c == '!') {
                escaped.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        text.append(key).append('=').append(escaped).append('\n');
    }

    private byte[] manifestBytes() {
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", pluginId);
        main.putValue("Plugin-Version", version);
        main.putValue("Plugin-Requires", requires);
        main.putValue("Plugin-Provider", provider);
        if (pluginClass != null) {
            main.putValue("Plugin-Class", pluginClass);
        }
        if (description != null) {
            main.putValue("Plugin-Description", description);
        }
        if (license != null) {
            main.putValue("Plugin-License", license);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            mf.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] readAll(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }
}
