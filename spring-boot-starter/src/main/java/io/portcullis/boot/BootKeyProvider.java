package io.portcullis.boot;

import io.portcullis.core.KeyProvider;
import io.portcullis.core.KeySet;

/**
 * Registers the starter's own {@code portcullis.boot.*} keys with core, as every module registers
 * its keys ({@code META-INF/services/io.portcullis.core.KeyProvider}).
 */
public final class BootKeyProvider implements KeyProvider {

    /** For the service loader. */
    public BootKeyProvider() {
    }

    @Override
    public KeySet keys() {
        return BootKeys.KEYS;
    }
}
