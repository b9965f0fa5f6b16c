package io.portcullis.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Typed, validated access to the {@code portcullis.*} settings of one component. The only
 * place in Portcullis where configuration strings become values.
 *
 * <p>Construction fails fast on any key under one of the component's own areas that the
 * component does not know (with a did-you-mean), and on any {@code portcullis.*} key whose
 * area no Portcullis component owns. Keys of other components' areas are left to them, so one
 * {@code portcullis.properties} can configure every module.
 *
 * <p>Parsing is strict: booleans are exactly {@code true} or {@code false}, numbers are
 * decimal integers in a stated range, lists are comma separated with no empty entries.
 * Every error names the key, quotes the value and says what is allowed. Values of keys
 * read with {@link #secret} are never echoed.
 */
public final class ConfigReader {

    /**
     * The areas of the modules present (their {@link KeyProvider}s) when this class was loaded.
     *
     * @deprecated core names no module: use {@link KeyRegistry#areas()}, which sees every
     *             provider present when it is asked.
     */
    @Deprecated(since = "0.2.0")
    public static final Set<String> AREAS = Collections.unmodifiableSet(KeyRegistry.areas());

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");

    private final Settings settings;
    private final KeySet declared;

    private ConfigReader(Settings settings, KeySet declared) {
        this.settings = settings;
        this.declared = declared;
    }

    /**
     * A reader for the module that declared {@code keys} (which is registered with
     * {@link KeyRegistry} on the way). Fails on a key in one of the set's areas that it does not
     * declare, and on a {@code portcullis.*} key in an area no present module owns; keys of other
     * modules' areas are left to them.
     *
     * @throws ConfigException for the first unknown key, with a did-you-mean when one is close
     */
    public static ConfigReader of(Settings settings, KeySet keys) {
        KeyRegistry.register(keys);
        List<KeySet> all = KeyRegistry.keySets();
        for (String key : settings.keys()) {
            if (key.equals(Settings.CONFIG_FILE_KEY) || keys.find(key).isPresent()) {
                continue;
            }
            String area = areaOf(key);
            if (keys.areas().contains(area)) {
                throw unknown(settings, key, candidates(key, all));
            }
            if (all.stream().noneMatch(s -> s.areas().contains(area))) {
                throw unknownArea(settings, key, area, candidates(key, all));
            }
        }
        return new ConfigReader(settings, keys);
    }

    /** Every declared name (edit distance finds a misspelt area as well as a misspelt name). */
    private static List<String> candidates(String key, List<KeySet> all) {
        List<String> out = new ArrayList<>();
        for (KeySet s : all) {
            out.addAll(s.names());
        }
        return out;
    }

    /**
     * The value of {@code key} from the settings, parsed and validated by its declaration, or its
     * default when no source set it.
     *
     * @throws ConfigException {@code <key> <rule>; got "<value>" (from <source>)}
     */
    public <T> T get(Key<T> key) {
        if (key.isFamily()) {
            throw new IllegalArgumentException(key.name() + " is a family: use members(key)");
        }
        if (declared != null && declared.find(key.name()).isEmpty()) {
            throw new IllegalArgumentException(key.name() + " is not declared by " + declared.module());
        }
        Optional<String> value = settings.raw(key.name());
        if (value.isEmpty()) {
            return key.defaultValue();
        }
        return key.read(value.get().trim(), settings.origin(key.name()));
    }

    /**
     * Every member of a family key that is set ({@code portcullis.signed-url.key.<id>}), name → parsed
     * value, sorted.
     */
    public <T> java.util.Map<String, T> members(Key<T> family) {
        java.util.Map<String, T> out = new java.util.TreeMap<>();
        for (String k : settings.keys()) {
            if (family.matches(k)) {
                out.put(k, family.read(k, settings.raw(k).orElseThrow().trim(), settings.origin(k)));
            }
        }
        return out;
    }

    /**
     * A reader for a component that owns {@code ownedAreas} and understands {@code knownKeys}
     * (names only; prefer {@link #of(Settings, KeySet)}, which also parses and validates). A key
     * in an owned area that is not known fails; a key in an area no present module owns fails
     * when it is a near miss of a declared key, and is otherwise left to the caller.
     *
     * @throws ConfigException for the first unknown key, with a did-you-mean when one is close
     */
    public static ConfigReader of(Settings settings, Set<String> knownKeys, Set<String> ownedAreas) {
        // the form of modules that do not declare their keys yet: known keys as names only
        Set<String> areas = new TreeSet<>(KeyRegistry.areas());
        areas.addAll(ownedAreas);
        for (String key : settings.keys()) {
            if (key.equals(Settings.CONFIG_FILE_KEY) || knownKeys.contains(key)) {
                continue;
            }
            String area = areaOf(key);
            if (ownedAreas.contains(area)) {
                throw unknown(settings, key, knownKeys);
            }
            if (!areas.contains(area)) {
                // A near miss of a declared key is a typo. Otherwise the area belongs to no module
                // present; this older form leaves that to its caller (which names the areas it reads).
                List<String> candidates = new ArrayList<>(knownKeys);
                KeyRegistry.keySets().forEach(set -> candidates.addAll(set.names()));
                if (closest(key, candidates) != null) {
                    throw unknown(settings, key, candidates);
                }
            }
        }
        return new ConfigReader(settings, null);
    }

    /**
     * The declared key (of any module present) that {@code key} is a near miss of, as the
     * unknown-key message's did-you-mean would name it; empty when none is near enough. For
     * adapters that read keys from sources shared with other programs (environment variables)
     * and must tell a typo from a name that is not meant for Portcullis at all.
     */
    public static Optional<String> didYouMean(String key) {
        return Optional.ofNullable(closest(key, candidates(key, KeyRegistry.keySets())));
    }

    /** The underlying settings (for reporting where a value came from). */
    public Settings settings() {
        return settings;
    }

    /** Whether any source set {@code key}. */
    public boolean isSet(String key) {
        return settings.raw(key).isPresent();
    }

    /** The trimmed value of {@code key}, or empty. */
    public Optional<String> optional(String key) {
        return settings.raw(key).map(String::trim);
    }

    /** The trimmed value of {@code key}, or {@code defaultValue}. */
    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    /**
     * A secret value (a signing key): returned as is, and never quoted in any message.
     *
     * @throws ConfigException when set but blank
     */
    public Optional<String> secret(String key) {
        Optional<String> value = settings.raw(key);
        if (value.isPresent() && value.get().isBlank()) {
            throw ConfigException.badValue(key, "must not be blank", "", settings.origin(key), true);
        }
        return value;
    }

    /** Exactly {@code true} or {@code false}; anything else fails. */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, "must be true or false", value.get());
        };
    }

    /** A decimal integer in {@code [min, max]}; no clamping. */
    public long longIn(String key, long defaultValue, long min, long max) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String v = value.get();
        String rule = "must be an integer in [" + min + ", " + max + "]";
        if (!INTEGER.matcher(v).matches()) {
            throw bad(key, rule, v);
        }
        long parsed = Long.parseLong(v);
        if (parsed < min || parsed > max) {
            throw bad(key, rule, v);
        }
        return parsed;
    }

    /** A decimal integer in {@code [min, max]}; no clamping. */
    public int intIn(String key, int defaultValue, int min, int max) {
        return (int) longIn(key, defaultValue, min, max);
    }

    /** A duration in whole seconds in {@code [min, max]}. */
    public Duration seconds(String key, Duration defaultValue, Duration min, Duration max) {
        return Duration.ofSeconds(longIn(key, defaultValue.toSeconds(), min.toSeconds(), max.toSeconds()));
    }

    /** One token of a closed vocabulary; fails listing the allowed tokens. */
    public <E extends Enum<E> & WireToken> E token(String key, E defaultValue, Class<E> type) {
        Optional<String> value = optional(key);
        return value.isEmpty() ? defaultValue : WireToken.lookup(type, key, value.get());
    }

    /**
     * A comma-separated list, each entry trimmed. An empty value means an empty list; an empty
     * entry ({@code "a,,b"}) fails.
     */
    public List<String> list(String key, List<String> defaultValue) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (value.get().isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : value.get().split(",", -1)) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                throw bad(key, "must be a comma-separated list without empty entries", value.get());
            }
            out.add(entry);
        }
        return Collections.unmodifiableList(out);
    }

    /** A failure for {@code key}: {@code "<key> <rule>; got \"<value>\" (from <origin>)"}. */
    public ConfigException bad(String key, String rule, String value) {
        return ConfigException.badValue(key, rule, value, settings.origin(key), false);
    }

    private static String originSuffix(Settings settings, String key) {
        String origin = settings.origin(key);
        return "code".equals(origin) || "default".equals(origin) ? "" : " (from " + origin + ")";
    }

    private static String areaOf(String key) {
        String rest = key.substring(Settings.PREFIX.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ConfigException unknown(Settings settings, String key, Iterable<String> candidates) {
        String suggestion = closest(key, candidates);
        return new ConfigException("unknown key " + key + originSuffix(settings, key)
                + (suggestion == null ? "" : "; did you mean " + suggestion + "?"));
    }

    /** A key in an area no present module owns: a typo, or the module that owns it is missing. */
    private static ConfigException unknownArea(Settings settings, String key, String area,
            Iterable<String> candidates) {
        String suggestion = closest(key, candidates);
        return new ConfigException("unknown key " + key + originSuffix(settings, key) + (suggestion != null
                ? "; did you mean " + suggestion + "?"
                : "; no Portcullis module on the class path owns the area \"" + area + "\" (is its jar deployed?)"));
    }

    /** The candidate nearest to {@code key} by edit distance, when near enough to be a typo. */
    static String closest(String key, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(toList(candidates))) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(3, key.length() / 4);
        return bestDistance <= allowed ? best : null;
    }

    private static List<String> toList(Iterable<String> it) {
        List<String> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    /** Edit distance counting a swap of two neighbours as one edit ("crsf" is one typo from "csrf"). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i][j - 1] + 1, d[i - 1][j] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    @Override
    public String toString() {
        return "ConfigReader" + Arrays.asList(settings.keys().toArray());
    }
}
