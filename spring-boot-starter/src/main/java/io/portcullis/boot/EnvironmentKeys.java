package io.portcullis.boot;

import io.portcullis.core.ConfigReader;
import io.portcullis.core.Key;
import io.portcullis.core.Settings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every {@code portcullis.*} key of Spring's {@link Environment} (application.properties or .yaml,
 * profiles, environment variables, {@code -D}, command-line arguments), with Spring's precedence,
 * as the flat {@code key=value} strings the library's one config reader parses. Nothing is parsed
 * here: validation, and its messages, stay in the library.
 *
 * <ul>
 * <li>YAML lists ({@code key[0]}, {@code key[1]}) are joined with commas.</li>
 * <li>Relaxed names are matched to the declared key they spell without dashes, as Spring Boot's
 * relaxed binding does: {@code PORTCULLIS_HSTS_MAXAGE} is {@code portcullis.hsts.max-age}.</li>
 * <li>Members of a family key ({@code portcullis.signed-url.key.<id>}) likewise:
 * {@code PORTCULLIS_SIGNEDURL_KEY_K1} is {@code portcullis.signed-url.key.k1}. An environment
 * variable's id is lower case with {@code _} kept ({@code ..._KEY_KEY_2024} is id {@code key_2024});
 * a properties or YAML id is kept exactly as written.</li>
 * <li>A name that matches no declared key is kept as written (its area respelt when it spells a
 * declared area without dashes), so the library names it with its did-you-mean. Only an
 * environment variable whose area no module owns and that is near no declared key is left out
 * ({@link #ignored()}): environment variables are shared with every other program of the process
 * tree ({@code PORTCULLIS_HOME} of a launcher script is not a typo of a key).</li>
 * </ul>
 */
final class EnvironmentKeys {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("portcullis");
    private static final Pattern INDEXED = Pattern.compile("(.*)\\[(\\d+)]");

    private final Map<String, String> values;
    private final Map<String, Origin> origins;
    private final List<String> ignored;

    private EnvironmentKeys(Map<String, String> values, Map<String, Origin> origins, List<String> ignored) {
        this.values = values;
        this.origins = origins;
        this.ignored = ignored;
    }

    /**
     * Reads {@code env}.
     *
     * @param declared every key a module declares (to name relaxed spellings right)
     * @param knownAreas areas whose keys are kept even from an environment variable that matches no declared key
     */
    static EnvironmentKeys read(Environment env, Collection<Key<?>> declared, Set<String> knownAreas) {
        Names names = new Names(declared, knownAreas);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Origin> origins = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
        Map<String, ConfigurationPropertySource> listSource = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean environment = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            Map<String, String> fromThisSource = new LinkedHashMap<>();
            for (ConfigurationPropertyName name : iterable) {
                if (!ROOT.isAncestorOf(name)) {
                    continue;
                }
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property == null || property.getValue() == null) {
                    continue;
                }
                String value = String.valueOf(property.getValue());
                String member = names.member(name, () -> environment ? null : rawName(source, name));
                String text = name.toString();
                Matcher m = INDEXED.matcher(text);
                if (member == null && m.matches()) {
                    String key = names.canonical(m.group(1));
                    if (environment && names.foreign(key)) {
                        ignored.add(envName(text));
                        continue;
                    }
                    if (values.containsKey(key) || listSource.containsKey(key) && listSource.get(key) != source) {
                        continue; // a higher source set it already
                    }
                    listSource.put(key, source);
                    lists.computeIfAbsent(key, k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), value);
                    origins.putIfAbsent(key, property.getOrigin());
                    continue;
                }
                String key = member != null ? member : names.canonical(text);
                if (member == null && environment && names.foreign(key)) {
                    ignored.add(envName(text));
                    continue;
                }
                if (!values.containsKey(key) && !listSource.containsKey(key)) {
                    fromThisSource.put(key, value);
                    origins.putIfAbsent(key, property.getOrigin());
                }
            }
            fromThisSource.forEach(values::putIfAbsent);
        }
        lists.forEach((key, items) -> values.putIfAbsent(key, String.join(",", items.values())));
        return new EnvironmentKeys(values, origins, List.copyOf(ignored));
    }

    /** The name as written in a properties-like source ({@code My_Key} keeps its case and its {@code _}). */
    private static String rawName(ConfigurationPropertySource source, ConfigurationPropertyName name) {
        if (source.getUnderlyingSource() instanceof EnumerablePropertySource<?> properties) {
            for (String raw : properties.getPropertyNames()) {
                if (raw.regionMatches(true, 0, Settings.PREFIX, 0, Settings.PREFIX.length())
                        && name.equals(ConfigurationPropertyName.adapt(raw, '.'))) {
                    return raw;
                }
            }
        }
        return null;
    }

    /** {@code portcullis.require.servers} as the environment variable it came from. */
    private static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace("[", "_").replace("]", "");
    }

    /** The declared names, for matching relaxed spellings. */
    private static final class Names {
        private final Map<String, String> fixed = new LinkedHashMap<>(); // squeezed name -> declared name
        private final List<String> families = new ArrayList<>();          // "portcullis.signed-url.key."
        private final Map<String, String> areas = new LinkedHashMap<>();  // squeezed area -> area
        private final Set<String> knownAreas;

        Names(Collection<Key<?>> declared, Set<String> knownAreas) {
            for (Key<?> k : declared) {
                if (k.isFamily()) {
                    families.add(k.name());
                } else {
                    fixed.putIfAbsent(squeeze(k.name()), k.name());
                }
                areas.putIfAbsent(squeeze(k.area()), k.area());
            }
            knownAreas.forEach(a -> areas.putIfAbsent(squeeze(a), a));
            this.knownAreas = Set.copyOf(areas.values());
        }

        /**
         * The declared key a relaxed name stands for ({@code maxage} → {@code max-age}), else the name
         * with its area respelt.
         */
        String canonical(String name) {
            String declared = fixed.get(squeeze(name));
            if (declared != null) {
                return declared;
            }
            String rest = name.substring(Settings.PREFIX.length());
            int dot = rest.indexOf('.');
            String area = dot < 0 ? rest : rest.substring(0, dot);
            String known = areas.get(squeeze(area));
            return known == null ? name : Settings.PREFIX + known + (dot < 0 ? "" : rest.substring(dot));
        }

        /**
         * The family member {@code name} spells ({@code portcullis.signedurl.key.k1} →
         * {@code portcullis.signed-url.key.k1}), or null. The id is taken from the name as written
         * ({@code asWritten}, asked only for a family member) when known, else from Spring's elements
         * joined with {@code _}.
         */
        String member(ConfigurationPropertyName name, Supplier<String> asWritten) {
            for (String family : families) {
                String[] parts = family.split("\\.");
                if (name.getNumberOfElements() <= parts.length) {
                    continue;
                }
                boolean match = true;
                for (int i = 0; i < parts.length && match; i++) {
                    match = !name.isNumericIndex(i) && name.getElement(i, Form.UNIFORM).equals(squeeze(parts[i]));
                }
                if (!match) {
                    continue;
                }
                String raw = asWritten.get();
                String[] written = raw == null ? new String[0] : raw.split("\\.", parts.length + 1);
                if (written.length == parts.length + 1 && written[parts.length].indexOf('[') < 0) {
                    return family + written[parts.length];
                }
                List<String> id = new ArrayList<>();
                for (int i = parts.length; i < name.getNumberOfElements(); i++) {
                    id.add(name.getElement(i, Form.ORIGINAL));
                }
                return family + String.join("_", id);
            }
            return null;
        }

        /** A name no module owns and that is near no declared key: not meant for Portcullis. */
        boolean foreign(String key) {
            if (fixed.containsValue(key) || families.stream().anyMatch(key::startsWith)) {
                return false;
            }
            String rest = key.substring(Settings.PREFIX.length());
            int dot = rest.indexOf('.');
            String area = dot < 0 ? rest : rest.substring(0, dot);
            return !knownAreas.contains(area) && ConfigReader.didYouMean(key).isEmpty();
        }

        private static String squeeze(String name) {
            return name.replace("-", "").toLowerCase(Locale.ROOT);
        }
    }

    Map<String, String> values() {
        return values;
    }

    /** Environment variables left out: {@code PORTCULLIS_*} names that spell no Portcullis key (see the class doc). */
    List<String> ignored() {
        return ignored;
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
