package io.portcullis.boot;

import io.portcullis.csrf.CsrfPolicy;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.sendfile.SendfilePolicy;
import io.portcullis.sendfile.UrlSigner;
import io.portcullis.upload.UploadPolicy;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every key the starter reads, gathered from the declarations the modules publish today:
 * {@code HardeningPolicy.KEYS} and {@code CsrfPolicy.KEYS} (key and default),
 * {@code UploadPolicy.KEYS} (key only), the {@code KEY_*} constants of {@code SendfilePolicy} and
 * {@code UrlSigner}, and the starter's own {@link BootKeys}. Used to name environment variables
 * right and to generate the IDE metadata.
 */
final class DeclaredKeys {

    /** One declared key: its module's documentation page, its default (null when none is declared) and a doc line. */
    record Key(String name, String module, String defaultValue, String doc) {
    }

    static final Map<String, Key> ALL;

    static {
        Map<String, Key> k = new LinkedHashMap<>();
        HardeningPolicy.KEYS.forEach((name, d) -> k.put(name, new Key(name, "hardening-filters", d, null)));
        for (String name : new TreeSet<>(UploadPolicy.KEYS)) {
            k.put(name, new Key(name, "upload-guard", null, null));
        }
        CsrfPolicy.KEYS.forEach((name, d) -> k.put(name, new Key(name, "csrf", d.startsWith("(") ? null : d, null)));
        for (String name : constants(SendfilePolicy.class)) {
            k.put(name, new Key(name, "sendfile-support", null, null));
        }
        k.put(UrlSigner.KEY_CURRENT, new Key(UrlSigner.KEY_CURRENT, "sendfile-support", null, null));
        k.put(UrlSigner.KEY_MAX_LIFETIME, new Key(UrlSigner.KEY_MAX_LIFETIME, "sendfile-support", null, null));
        BootKeys.DEFAULTS.forEach((name, d) -> k.put(name, new Key(name, "spring-boot", d, BootKeys.DOCS.get(name))));
        ALL = Collections.unmodifiableMap(k);
    }

    private static TreeSet<String> constants(Class<?> type) {
        TreeSet<String> out = new TreeSet<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getName().startsWith("KEY_")) {
                try {
                    out.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    private DeclaredKeys() {
    }
}
