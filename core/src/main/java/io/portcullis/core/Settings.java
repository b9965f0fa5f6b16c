package io.portcullis.core;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The raw {@code portcullis.*} settings of one component, merged from every source with one
 * precedence, highest first:
 * <ol>
 *   <li>JVM system properties ({@code -Dportcullis.hsts.max-age=...});</li>
 *   <li>web.xml init-params of the filter (or context params of the webapp);</li>
 *   <li>a properties file: the path named by {@value #CONFIG_FILE_KEY} (from either source
 *       above), else {@value #CLASSPATH_FILE} on the webapp's class path when present.</li>
 * </ol>
 * Only keys starting with {@value #PREFIX} are taken. Values are kept as written; typed parsing
 * and validation happen once, in {@link ConfigReader}.
 */
public final class Settings {

    /** Every Portcullis key starts with this. */
    public static final String PREFIX = "portcullis.";
    /** Names a properties file to read, overriding the class-path default. */
    public static final String CONFIG_FILE_KEY = "portcullis.config.file";
    /** The properties file looked up on the class path when no path is given. */
    public static final String CLASSPATH_FILE = "portcullis.properties";

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private Settings(Map<String, String> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
    }

    /** Settings from the given map only (tests, code configuration). */
    public static Settings of(Map<String, String> values) {
        Builder b = new Builder();
        b.layer(values, "code");
        return b.build();
    }

    /** Init-params of a filter, plus the properties file and system properties. */
    public static Settings from(FilterConfig config) {
        return load(params(config.getInitParameterNames(), config::getInitParameter),
                "init-param of filter " + config.getFilterName(), classLoader(config.getServletContext()));
    }

    /** Context params of a webapp, plus the properties file and system properties. */
    public static Settings from(ServletContext context) {
        return load(params(context.getInitParameterNames(), context::getInitParameter),
                "context-param", classLoader(context));
    }

    /** System properties and the properties file only (command lines, embedded servers). */
    public static Settings fromSystem() {
        return load(Map.of(), "none", Settings.class.getClassLoader());
    }

    /**
     * Merges the sources in precedence order.
     *
     * @param params     init-params or similar (may be empty)
     * @param paramsName how to name that source in messages
     * @param loader     where to look for {@value #CLASSPATH_FILE}
     */
    public static Settings load(Map<String, String> params, String paramsName, ClassLoader loader) {
        Map<String, String> system = systemProperties();
        String file = Optional.ofNullable(system.get(CONFIG_FILE_KEY)).orElse(params.get(CONFIG_FILE_KEY));
        Builder b = new Builder();
        if (file != null) {
            b.layer(readFile(Path.of(file.trim())), "file " + file.trim());
        } else {
            b.layer(readClasspath(loader), "classpath " + CLASSPATH_FILE);
        }
        b.layer(params, paramsName);
        b.layer(system, "system property");
        return b.build();
    }

    /** The raw value of {@code key}, if any source set it. */
    public Optional<String> raw(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Every {@code portcullis.*} key present, sorted. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(values.keySet()));
    }

    /** Which source the value of {@code key} came from, for messages ("init-param of filter x"). */
    public String origin(String key) {
        return origins.getOrDefault(key, "default");
    }

    @Override
    public String toString() {
        return "Settings" + keys();
    }

    private static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> origins = new LinkedHashMap<>();

        void layer(Map<String, String> source, String name) {
            source.forEach((k, v) -> {
                if (k.startsWith(PREFIX) && v != null) {
                    values.put(k, v);
                    origins.put(k, name);
                }
            });
        }

        Settings build() {
            return new Settings(new LinkedHashMap<>(values), new LinkedHashMap<>(origins));
        }
    }

    private static Map<String, String> params(Enumeration<String> names, java.util.function.UnaryOperator<String> get) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : Collections.list(names)) {
            out.put(name, get.apply(name));
        }
        return out;
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        Properties p = System.getProperties();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                out.put(name, p.getProperty(name));
            }
        }
        return out;
    }

    private static ClassLoader classLoader(ServletContext context) {
        ClassLoader loader = context.getClassLoader();
        return loader != null ? loader : Settings.class.getClassLoader();
    }

    private static Map<String, String> readFile(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return toMap(reader);
        } catch (NoSuchFileException e) {
            throw ConfigException.badValue(CONFIG_FILE_KEY, "names a file that does not exist", path.toString(), "code", false);
        } catch (IOException e) {
            throw ConfigException.badValue(CONFIG_FILE_KEY, "names a file that cannot be read (" + e.getMessage() + ")",
                    path.toString(), "code", false);
        }
    }

    private static Map<String, String> readClasspath(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(CLASSPATH_FILE)) {
            if (in == null) {
                return Map.of();
            }
            return toMap(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_FILE + " from the class path", e);
        }
    }

    private static Map<String, String> toMap(Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }
}
