package io.portcullis.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One configuration key, declared once in the module that owns it: its name, type, default,
 * the rule its values obey and one line of documentation. Every way a value reaches a policy
 * goes through the declaration: {@link ConfigReader#get} parses text from init-params, a
 * properties file or {@code -D} with {@link #read}; a builder validates a value given in code
 * with {@link #check}. Both fail with the same message, built in one place
 * ({@link ConfigException#badValue}): {@code <key> <rule>; got "<value>"}.
 *
 * <pre>{@code
 * static final Key<Long> MAX_AGE = Key.longInteger("portcullis.hsts.max-age", 31_536_000L, 1, 63_072_000L,
 *         "Strict-Transport-Security max-age in seconds.");
 * long fromFile = reader.get(MAX_AGE);          // "-5" in a file fails ...
 * long fromCode = MAX_AGE.check(builderValue);  // ... and -5 in a builder fails with the same message
 * }</pre>
 *
 * <p>Keys are immutable. A module groups its keys in a {@link KeySet} and registers it with
 * {@link KeyRegistry} (a {@link KeyProvider} in {@code META-INF/services}), which is how tools
 * (documentation tables, IDE metadata) list every key without core naming any module.
 *
 * @param <T> the value type ({@code Boolean}, {@code Integer}, {@code Long}, {@code Duration}, an
 *            enum, {@code List}, {@code String}); {@code null} is a legal value only where the
 *            key says so (an unset optional value, or {@code off})
 */
public final class Key<T> {

    /** The shape of a key's values, for tools (documentation, IDE metadata). */
    public enum Type {
        /** Exactly {@code true} or {@code false}. */
        BOOLEAN,
        /** A decimal integer in a range, or one of a set of integers. */
        INTEGER,
        /** A whole number of seconds (or, where the name ends in {@code -ms}, milliseconds) in a range. */
        DURATION,
        /** A decimal number in a range. */
        DECIMAL,
        /** One token of a closed vocabulary. */
        TOKEN,
        /** A comma-separated list. */
        LIST,
        /** Free text, validated by the key's rule. */
        STRING,
        /** A secret: never echoed in any message. */
        SECRET
    }

    /** Turns configuration text into a value; throws {@link #reject} on text the key does not accept. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    /** Validates a value (from text or code); throws {@link #reject} naming the rule broken. */
    @FunctionalInterface
    public interface Check<T> {
        void check(T value);
    }

    /**
     * A value refused by a parser or check, turned into a {@link ConfigException} by the key
     * (which knows its name and where the value came from). Carries no stack trace.
     */
    public static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String rule;
        private final String got;

        private Rejected(String rule, String got) {
            super(rule + "; got " + ConfigException.quote(got), null, false, false);
            this.rule = rule;
            this.got = got;
        }
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");

    private final String name;
    private final boolean family;
    private final Type type;
    private final Class<?> valueType;
    private final T defaultValue;
    private final String defaultText;
    private final String rule;
    private final List<String> allowed;
    private final String doc;
    private final Parser<T> parser;
    private final Function<? super T, String> format;
    private final List<Check<T>> checks;

    private Key(String name, boolean family, Type type, Class<?> valueType, T defaultValue, String defaultText,
            String rule, List<String> allowed, String doc, Parser<T> parser, Function<? super T, String> format,
            List<Check<T>> checks) {
        if (!name.startsWith(Settings.PREFIX) || name.indexOf('.', Settings.PREFIX.length()) < 0) {
            throw new IllegalArgumentException("a key is named portcullis.<area>.<name>; got "
                    + ConfigException.quote(name));
        }
        this.name = name;
        this.family = family;
        this.type = Objects.requireNonNull(type);
        this.valueType = Objects.requireNonNull(valueType);
        this.defaultValue = defaultValue;
        this.defaultText = Objects.requireNonNull(defaultText);
        this.rule = Objects.requireNonNull(rule);
        this.allowed = List.copyOf(allowed);
        this.doc = Objects.requireNonNull(doc);
        this.parser = Objects.requireNonNull(parser);
        this.format = Objects.requireNonNull(format);
        this.checks = List.copyOf(checks);
    }

    // ---- factories ----

    /** Exactly {@code true} or {@code false}. */
    public static Key<Boolean> bool(String name, boolean defaultValue, String doc) {
        return new Key<>(name, false, Type.BOOLEAN, Boolean.class, defaultValue, Boolean.toString(defaultValue),
                "must be true or false", List.of("true", "false"), doc, text -> switch (text) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw reject(null, text);
                }, String::valueOf, List.of());
    }

    /** A decimal integer in {@code [min, max]}; never clamped. */
    public static Key<Long> longInteger(String name, long defaultValue, long min, long max, String doc) {
        String rule = "must be an integer in [" + min + ", " + max + "]";
        return new Key<Long>(name, false, Type.INTEGER, Long.class, defaultValue, Long.toString(defaultValue), rule,
                List.of(), doc, Key::parseLong, String::valueOf, List.of(v -> {
                    if (v < min || v > max) {
                        throw reject(null, null);
                    }
                }));
    }

    /** A decimal integer in {@code [min, max]}; never clamped. */
    public static Key<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        String rule = "must be an integer in [" + min + ", " + max + "]";
        return new Key<Integer>(name, false, Type.INTEGER, Integer.class, defaultValue, Integer.toString(defaultValue),
                rule, List.of(), doc, text -> {
                    long v = parseLong(text);
                    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                        throw reject(null, text);
                    }
                    return (int) v;
                }, String::valueOf, List.of(v -> {
                    if (v < min || v > max) {
                        throw reject(null, null);
                    }
                }));
    }

    /** One of the listed integers (HTTP status codes, say). */
    public static Key<Integer> integerOneOf(String name, int defaultValue, List<Integer> allowed, String hint,
            String doc) {
        List<String> tokens = allowed.stream().map(String::valueOf).toList();
        String rule = "must be one of " + String.join(", ", tokens) + (hint == null ? "" : " (" + hint + ")");
        return new Key<Integer>(name, false, Type.INTEGER, Integer.class, defaultValue, Integer.toString(defaultValue),
                rule, tokens, doc, text -> {
                    if (!tokens.contains(text)) {
                        throw reject(null, text);
                    }
                    return Integer.valueOf(text);
                }, String::valueOf, List.of(v -> {
                    if (!allowed.contains(v)) {
                        throw reject(null, null);
                    }
                }));
    }

    /** A duration written as whole seconds, in {@code [min, max]}. */
    public static Key<Duration> seconds(String name, Duration defaultValue, Duration min, Duration max, String doc) {
        String rule = "must be an integer in [" + min.toSeconds() + ", " + max.toSeconds() + "]";
        return new Key<Duration>(name, false, Type.DURATION, Duration.class, defaultValue,
                Long.toString(defaultValue.toSeconds()), rule, List.of(), doc,
                text -> Duration.ofSeconds(parseLong(text)), d -> Long.toString(d.toSeconds()), List.of(v -> {
                    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                        throw reject(null, null);
                    }
                }));
    }

    /** A duration written as whole milliseconds, in {@code [min, max]} (keys named {@code …-ms}). */
    public static Key<Duration> millis(String name, Duration defaultValue, Duration min, Duration max, String doc) {
        String rule = "must be an integer in [" + min.toMillis() + ", " + max.toMillis() + "]";
        return new Key<Duration>(name, false, Type.DURATION, Duration.class, defaultValue,
                Long.toString(defaultValue.toMillis()), rule, List.of(), doc,
                text -> Duration.ofMillis(parseLong(text)), d -> Long.toString(d.toMillis()), List.of(v -> {
                    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                        throw reject(null, null);
                    }
                }));
    }

    /** A plain decimal ({@code 0.7}, no exponent) in {@code [min, max]}. */
    public static Key<Double> decimal(String name, double defaultValue, double min, double max, String doc) {
        String rule = "must be a decimal in [" + min + ", " + max + "]";
        return new Key<Double>(name, false, Type.DECIMAL, Double.class, defaultValue, Double.toString(defaultValue),
                rule, List.of(), doc, text -> {
                    if (!text.matches("[0-9]{1,9}(\\.[0-9]{1,9})?|\\.[0-9]{1,9}")) {
                        throw reject(null, text);
                    }
                    return Double.valueOf(text);
                }, String::valueOf, List.of(v -> {
                    if (v == null || !(v >= min && v <= max)) {
                        throw reject(null, null);
                    }
                }));
    }

    /** One token of a closed vocabulary (matched ASCII case-insensitively, as {@link WireToken#lookup}). */
    public static <E extends Enum<E> & WireToken> Key<E> token(String name, E defaultValue, Class<E> type, String doc) {
        List<String> tokens = Arrays.stream(type.getEnumConstants()).map(WireToken::token).toList();
        return new Key<E>(name, false, Type.TOKEN, type, defaultValue, defaultValue == null ? "" : defaultValue.token(),
                "must be one of " + String.join(", ", tokens), tokens, doc, text -> {
                    for (E constant : type.getEnumConstants()) {
                        if (constant.token().equalsIgnoreCase(text)) {
                            return constant;
                        }
                    }
                    throw reject(null, text);
                }, e -> e == null ? "" : e.token(), List.of(v -> Objects.requireNonNull(v, name)));
    }

    /** Free text; {@code defaultValue} may be null (unset). Add rules with {@link #checking}. */
    public static Key<String> string(String name, String defaultValue, String doc) {
        return new Key<>(name, false, Type.STRING, String.class, defaultValue, defaultValue == null ? "" : defaultValue,
                "must be text", List.of(), doc, text -> text, v -> v == null ? "" : v, List.of());
    }

    /** Free text where {@code off} (and, in code, {@code null}) turns the feature off. */
    public static Key<String> stringOrOff(String name, String defaultValue, String doc) {
        return new Key<>(name, false, Type.STRING, String.class, defaultValue,
                defaultValue == null ? "off" : defaultValue, "must be text or off", List.of(), doc,
                text -> text.equals("off") ? null : text, v -> v == null ? "off" : v, List.of());
    }

    /** Free text where an empty value means unset ({@code null}). */
    public static Key<String> optionalString(String name, String doc) {
        return new Key<>(name, false, Type.STRING, String.class, null, "", "must be text", List.of(), doc,
                text -> text.isEmpty() ? null : text, v -> v == null ? "" : v, List.of());
    }

    /**
     * A comma-separated list, entries trimmed; an empty value is an empty list and an empty entry
     * ({@code a,,b}) fails. Entries are checked with {@code element}, which may {@link #reject} one.
     */
    public static <E> Key<List<E>> listOf(String name, List<E> defaultValue, Function<String, E> element,
            Function<? super E, String> format, String doc) {
        Function<List<E>, String> joined = l -> l.stream().map(format).collect(Collectors.joining(","));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<List<E>> listType = (Class) List.class;
        return new Key<List<E>>(name, false, Type.LIST, listType, List.copyOf(defaultValue), joined.apply(defaultValue),
                "must be a comma-separated list without empty entries", List.of(), doc, text -> {
                    if (text.isEmpty()) {
                        return List.of();
                    }
                    List<E> out = new ArrayList<>();
                    for (String part : text.split(",", -1)) {
                        String entry = part.trim();
                        if (entry.isEmpty()) {
                            throw reject("must be a comma-separated list without empty entries", text);
                        }
                        out.add(element.apply(entry));
                    }
                    return Collections.unmodifiableList(out);
                }, joined, List.of(v -> Objects.requireNonNull(v, name)));
    }

    /** A comma-separated list of strings (see {@link #listOf}). */
    public static Key<List<String>> list(String name, List<String> defaultValue, String doc) {
        return listOf(name, defaultValue, Function.identity(), Function.identity(), doc);
    }

    /** A secret (a signing key): returned as written, never quoted in any message; blank fails. Unset by default. */
    public static Key<String> secret(String name, String doc) {
        return new Key<>(name, false, Type.SECRET, String.class, null, "", "must not be blank", List.of(), doc,
                text -> {
            if (text.isBlank()) {
                throw reject(null, text);
            }
            return text;
        }, v -> "", List.of());
    }

    /**
     * A family of secret keys sharing a prefix, {@code portcullis.signed-url.key.<id>}: any key
     * {@code prefix + id} belongs to it. {@code placeholder} names the variable part in docs.
     */
    public static Key<String> secretFamily(String prefix, String placeholder, String doc) {
        if (!prefix.endsWith(".")) {
            throw new IllegalArgumentException("a family prefix ends with a dot; got " + ConfigException.quote(prefix));
        }
        Key<String> s = secret(prefix + placeholder, doc);
        return new Key<>(prefix, true, Type.SECRET, String.class, null, "", s.rule, List.of(), doc, s.parser, s.format,
                List.of());
    }

    /**
     * The general form, for values no factory above describes.
     *
     * @param defaultText the default as written in configuration ({@code ""} for none)
     * @param rule        what is allowed, as {@code "must be …"}
     * @param parser      text to value; {@link #reject} on bad text
     * @param format      value to text (the inverse of {@code parser}), for messages about values from code
     */
    public static <T> Key<T> of(String name, Type type, Class<?> valueType, T defaultValue, String defaultText,
            String rule, Parser<T> parser, Function<? super T, String> format, String doc) {
        return new Key<>(name, false, type, valueType, defaultValue, defaultText, rule, List.of(), doc, parser, format,
                List.of());
    }

    /** This key with one more rule, applied to values from text and from code alike. */
    public Key<T> checking(Check<T> check) {
        List<Check<T>> more = new ArrayList<>(checks);
        more.add(Objects.requireNonNull(check));
        return new Key<>(name, family, type, valueType, defaultValue, defaultText, rule, allowed, doc, parser, format,
                more);
    }

    /** This key with {@code rule} as its rule ({@code "must be …"}) in messages and documentation. */
    public Key<T> rule(String newRule) {
        return new Key<>(name, family, type, valueType, defaultValue, defaultText, newRule, allowed, doc, parser,
                format, checks);
    }

    /** This key with a hint appended to its rule: {@code "must be an integer in [1, 5] (<hint>)"}. */
    public Key<T> hint(String hint) {
        return rule(rule + " (" + hint + ")");
    }

    /** This key with {@code text} as its default in documentation (when the default is computed, or "none"). */
    public Key<T> defaultText(String text) {
        return new Key<>(name, family, type, valueType, defaultValue, text, rule, allowed, doc, parser, format, checks);
    }

    /**
     * A refusal for a parser or check: {@code rule} is what the value breaks ({@code null}: the
     * key's own rule), {@code got} the part quoted in the message ({@code null}: the whole value).
     */
    public static Rejected reject(String rule, String got) {
        return new Rejected(rule, got);
    }

    // ---- use ----

    /**
     * The value written as {@code text} (already trimmed), validated.
     *
     * @param origin where the text came from ("file /etc/portcullis.properties"), for the message
     * @throws ConfigException {@code <key> <rule>; got "<text>" (from <origin>)}
     */
    public T read(String text, String origin) {
        return read(name, text, origin);
    }

    /** As {@link #read(String, String)} for the concrete name of a family member. */
    public T read(String concreteName, String text, String origin) {
        try {
            T value = parser.parse(text);
            for (Check<T> c : checks) {
                c.check(value);
            }
            return value;
        } catch (Rejected r) {
            throw failure(concreteName, r, text, origin);
        } catch (ConfigException e) {
            throw ConfigException.from(e, origin);
        }
    }

    /**
     * Validates a value given in code (a builder setter) with the same rules and the same message
     * as {@link #read}.
     *
     * @return {@code value}
     * @throws ConfigException {@code <key> <rule>; got "<value>"}
     */
    public T check(T value) {
        try {
            for (Check<T> c : checks) {
                c.check(value);
            }
            return value;
        } catch (Rejected r) {
            throw failure(name, r, format(value), "code");
        }
    }

    /** {@code value} as it would be written in configuration. */
    public String format(T value) {
        return format.apply(value);
    }

    /** The failure for this key with its own rule and a value from code. */
    public ConfigException bad(String got) {
        return ConfigException.badValue(name, rule, got, "code", type == Type.SECRET);
    }

    private ConfigException failure(String concreteName, Rejected r, String whole, String origin) {
        return ConfigException.badValue(concreteName, r.rule == null ? rule : r.rule, r.got == null ? whole : r.got,
                origin, type == Type.SECRET);
    }

    private static long parseLong(String text) {
        if (!INTEGER.matcher(text).matches()) {
            throw reject(null, text);
        }
        return Long.parseLong(text);
    }

    // ---- declaration ----

    /** The full name ({@code portcullis.hsts.max-age}); for a family, its prefix ending with a dot. */
    public String name() {
        return name;
    }

    /** The name as documented: the name, or for a family its prefix plus the placeholder ({@code key.<id>}). */
    public String displayName() {
        return family ? name + "<id>" : name;
    }

    /** Whether this declares a family of keys sharing the prefix {@link #name()}. */
    public boolean isFamily() {
        return family;
    }

    /** Whether {@code key} is this key, or a member of this family. */
    public boolean matches(String key) {
        return family ? key.startsWith(name) && key.length() > name.length() : key.equals(name);
    }

    /** The area: {@code hsts} for {@code portcullis.hsts.max-age}. */
    public String area() {
        String rest = name.substring(Settings.PREFIX.length());
        return rest.substring(0, rest.indexOf('.'));
    }

    public Type type() {
        return type;
    }

    /** The Java type of values ({@code Long}, an enum class, {@code List}, …). */
    public Class<?> valueType() {
        return valueType;
    }

    /** The default value; null when unset by default or off. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as written in configuration; {@code ""} when there is none. */
    public String defaultText() {
        return defaultText;
    }

    /** What values are allowed, as {@code "must be …"}. */
    public String rule() {
        return rule;
    }

    /** The closed vocabulary (tokens, {@code true}/{@code false}, allowed integers); empty otherwise. */
    public List<String> allowedValues() {
        return allowed;
    }

    /** One line of documentation. */
    public String doc() {
        return doc;
    }

    @Override
    public String toString() {
        return displayName();
    }
}
