package io.portcullis.boot;

import io.portcullis.core.Key;
import io.portcullis.core.KeyRegistry;
import io.portcullis.core.Settings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every key the starter knows: the declarations every Portcullis module on the class path
 * registers with core ({@link KeyRegistry}, one {@link Key} per key with its type, default, rule
 * and doc line), the starter's own {@link BootKeys} among them. Used to name environment
 * variables right and to generate the IDE metadata.
 */
final class DeclaredKeys {

    /** By name (a family by its prefix, ending with a dot). */
    static final Map<String, Key<?>> ALL;

    static {
        Map<String, Key<?>> k = new LinkedHashMap<>();
        for (Key<?> key : KeyRegistry.keys()) {
            if (key.name().equals(Settings.CONFIG_FILE_KEY)) {
                continue; // refused under Boot (spring.config.import instead): not offered to the IDE
            }
            k.put(key.name(), key);
        }
        for (Key<?> key : BootKeys.KEYS) {
            k.putIfAbsent(key.name(), key);
        }
        ALL = Collections.unmodifiableMap(k);
    }

    private DeclaredKeys() {
    }
}
