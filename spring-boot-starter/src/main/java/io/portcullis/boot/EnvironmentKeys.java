package io.portcullis.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every {@code portcullis.*} key of Spring's {@link Environment} (application.properties or .yaml,
 * profiles, environment variables, {@code -D}, command-line arguments), with Spring's precedence,
 * as the flat {@code key=value} strings the library's one config reader parses. YAML lists
 * ({@code key[0]}, {@code key[1]}) are joined with commas; environment variables
 * ({@code PORTCULLIS_HSTS_MAXAGE}) are matched to the declared key whose name they spell without
 * dashes. Nothing is parsed here: validation, and its messages, stay in the library.
 */
final class EnvironmentKeys {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("portcullis");
    private static final Pattern INDEXED = Pattern.compile("(.*)\\[(\\d+)]");
    private static final System.Logger LOG = System.getLogger(EnvironmentKeys.class.getName());
    private static final Set<String> IGNORED = ConcurrentHashMap.newKeySet();

    private final Map<String, String> values;
    private final Map<String, Origin> origins;

    private EnvironmentKeys(Map<String, String> values, Map<String, Origin> origins) {
        this.values = values;
        this.origins = origins;
    }

    /** Reads {@code env}; {@code declared} is every key a module declares (to name environment variables right). */
    static EnvironmentKeys read(Environment env, Set<String> declared) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Origin> origins = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
        Map<String, ConfigurationPropertySource> listSource = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean environment = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            Map<String, String> fromThisSource = new LinkedHashMap<>();
            for (ConfigurationPropertyName name : iterable) {
                if (!ROOT.isAncestorOf(name) || environment && notForTheStarter(name.toString(), declared)) {
                    continue;
                }
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property == null || property.getValue() == null) {
                    continue;
                }
                String value = String.valueOf(property.getValue());
                String text = name.toString();
                Matcher m = INDEXED.matcher(text);
                if (m.matches()) {
                    String key = canonical(m.group(1), declared);
                    if (values.containsKey(key) || listSource.containsKey(key) && listSource.get(key) != source) {
                        continue; // a higher source set it already
                    }
                    listSource.put(key, source);
                    lists.computeIfAbsent(key, k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), value);
                    origins.putIfAbsent(key, property.getOrigin());
                    continue;
                }
                String key = canonical(text, declared);
                if (!values.containsKey(key) && !listSource.containsKey(key)) {
                    fromThisSource.put(key, value);
                    origins.putIfAbsent(key, property.getOrigin());
                }
            }
            fromThisSource.forEach(values::putIfAbsent);
        }
        lists.forEach((key, items) -> values.putIfAbsent(key, String.join(",", items.values())));
        return new EnvironmentKeys(values, origins);
    }

    /**
     * An environment variable is shared by everything in the process ({@code PORTCULLIS_HOME} of
     * an operations script, a test harness's {@code PORTCULLIS_REQUIRE_SERVERS}), so one that names
     * no area the starter reads is ignored, with a warning once, instead of stopping the
     * application; a typo inside a real area ({@code PORTCULLIS_HSTS_MAXAGEE}) still fails fast.
     */
    private static boolean notForTheStarter(String name, Set<String> declared) {
        String key = canonical(INDEXED.matcher(name).replaceAll("$1"), declared);
        String area = key.substring(ROOT.toString().length() + 1).split("\\.", 2)[0];
        if (BootKeys.AREAS_READ.contains(area) || BootKeys.AREAS_READ.contains(squeezedArea(area))) {
            return false;
        }
        if (IGNORED.add(key)) {
            LOG.log(System.Logger.Level.WARNING, "environment variable for " + key + " ignored: portcullis." + area
                    + ".* is not an area the Spring Boot starter reads (it reads portcullis."
                    + String.join(".*, portcullis.", new TreeSet<>(BootKeys.AREAS_READ)) + ".*)");
        }
        return true;
    }

    /** {@code reportonly} (an environment variable cannot spell the dash) → {@code report-only}. */
    private static String squeezedArea(String area) {
        for (String a : BootKeys.AREAS_READ) {
            if (a.replace("-", "").equals(area)) {
                return a;
            }
        }
        return area;
    }

    /** The declared key an environment-variable form stands for ({@code maxage} → {@code max-age}), else the name as is. */
    private static String canonical(String name, Set<String> declared) {
        if (declared.contains(name)) {
            return name;
        }
        String squeezed = name.replace("-", "");
        for (String key : declared) {
            if (key.replace("-", "").equals(squeezed)) {
                return key;
            }
        }
        return name;
    }

    Map<String, String> values() {
        return values;
    }

    /** Where Spring read {@code key} from ("class path resource [application.properties] - 3:25"), if known. */
    Optional<String> origin(String key) {
        return Optional.ofNullable(origins.get(key)).map(Object::toString);
    }

    /** The keys present, in the order Spring gave them. */
    List<String> keys() {
        return new ArrayList<>(values.keySet());
    }
}
