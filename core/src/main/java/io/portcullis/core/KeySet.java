package io.portcullis.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The keys one module declares, in documentation order, and the areas
 * ({@code portcullis.<area>.…}) it owns: every area a key of the set is in. A module publishes
 * its set with a {@link KeyProvider} so {@link KeyRegistry} can list it, and reads its settings
 * with {@link ConfigReader#of(Settings, KeySet)}, which refuses any key of those areas that the
 * set does not declare.
 */
public final class KeySet implements Iterable<Key<?>> {

    private final String module;
    private final List<Key<?>> keys;
    private final Map<String, Key<?>> byName;
    private final Set<String> areas;

    private KeySet(String module, List<Key<?>> keys) {
        this.module = Objects.requireNonNull(module, "module");
        this.keys = List.copyOf(keys);
        Map<String, Key<?>> m = new LinkedHashMap<>();
        Set<String> a = new LinkedHashSet<>();
        for (Key<?> k : this.keys) {
            if (m.containsKey(k.name())) {
                throw new IllegalArgumentException(module + " declares " + k.name() + " twice");
            }
            m.put(k.name(), k);
            a.add(k.area());
        }
        this.byName = Collections.unmodifiableMap(m);
        this.areas = Collections.unmodifiableSet(a);
    }

    /** The keys of {@code module} (its artifact's short name, e.g. {@code hardening-filters}). */
    public static KeySet of(String module, Key<?>... keys) {
        return new KeySet(module, List.of(keys));
    }

    /** The keys of {@code module}. */
    public static KeySet of(String module, List<Key<?>> keys) {
        return new KeySet(module, keys);
    }

    /** This set plus the keys of {@code others} (one module made of several parts). */
    public KeySet with(KeySet... others) {
        List<Key<?>> all = new ArrayList<>(keys);
        for (KeySet o : others) {
            all.addAll(o.keys);
        }
        return new KeySet(module, all);
    }

    /** The owning module's short name. */
    public String module() {
        return module;
    }

    /** The keys, in documentation order. */
    public List<Key<?>> keys() {
        return keys;
    }

    /** The areas owned: every area one of the keys is in. */
    public Set<String> areas() {
        return areas;
    }

    /** The declaration of {@code name}: the key of that name, or the family it belongs to. */
    public Optional<Key<?>> find(String name) {
        Key<?> exact = byName.get(name);
        if (exact != null && !exact.isFamily()) {
            return Optional.of(exact);
        }
        for (Key<?> k : keys) {
            if (k.matches(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The declared names ({@link Key#displayName()} for families), in order. */
    public List<String> names() {
        return keys.stream().map(Key::displayName).toList();
    }

    @Override
    public Iterator<Key<?>> iterator() {
        return keys.iterator();
    }

    @Override
    public String toString() {
        return module + names();
    }
}
