package io.portcullis.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every declared key of every Portcullis module present: the {@link KeyProvider}s found on the
 * class path (core's own loader and the thread's context loader, so a webapp's modules are seen
 * when core sits in a shared loader), plus sets registered in code with {@link #register}.
 * Core names no module: this is the only way it learns which areas exist, and so which
 * {@code portcullis.*} keys are typos.
 *
 * <pre>{@code
 * for (Key<?> k : KeyRegistry.keys()) {
 *     System.out.println(k.displayName() + " = " + k.defaultText() + "  # " + k.doc());
 * }
 * }</pre>
 */
public final class KeyRegistry {

    private static final Map<String, KeySet> REGISTERED = new ConcurrentHashMap<>();

    private KeyRegistry() {
    }

    /**
     * Registers {@code set} (for a module used where service loading is not available). Reading
     * settings with {@link ConfigReader#of(Settings, KeySet)} registers the set too.
     */
    public static void register(KeySet set) {
        REGISTERED.put(set.module(), set);
    }

    /** Every key set, one per module, sorted by module name. */
    public static List<KeySet> keySets() {
        Map<String, KeySet> out = new LinkedHashMap<>();
        load(KeyRegistry.class.getClassLoader(), out);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != KeyRegistry.class.getClassLoader()) {
            load(context, out);
        }
        REGISTERED.forEach(out::putIfAbsent);
        List<KeySet> sets = new ArrayList<>(out.values());
        sets.sort(Comparator.comparing(KeySet::module));
        return List.copyOf(sets);
    }

    /** Every declared key, grouped by module. */
    public static List<Key<?>> keys() {
        List<Key<?>> out = new ArrayList<>();
        keySets().forEach(s -> out.addAll(s.keys()));
        return List.copyOf(out);
    }

    /** Every area some present module owns. */
    public static Set<String> areas() {
        Set<String> out = new TreeSet<>();
        keySets().forEach(s -> out.addAll(s.areas()));
        return out;
    }

    /** The declaration of {@code name} in any present module. */
    public static Optional<Key<?>> find(String name) {
        for (KeySet s : keySets()) {
            Optional<Key<?>> k = s.find(name);
            if (k.isPresent()) {
                return k;
            }
        }
        return Optional.empty();
    }

    private static void load(ClassLoader loader, Map<String, KeySet> out) {
        try {
            for (KeyProvider p : ServiceLoader.load(KeyProvider.class, loader)) {
                KeySet set = p.keys();
                out.putIfAbsent(set.module(), set);
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigException("a Portcullis module's key declarations cannot be loaded: " + e.getMessage());
        }
    }
}
