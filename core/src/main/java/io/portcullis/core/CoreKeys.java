package io.portcullis.core;

/** The keys core itself owns: where the properties file is. */
public final class CoreKeys implements KeyProvider {

    /**
     * {@value Settings#CONFIG_FILE_KEY}: a properties file read instead of the class path's
     * {@value Settings#CLASSPATH_FILE}.
     */
    public static final Key<String> CONFIG_FILE = Key.optionalString(Settings.CONFIG_FILE_KEY,
            "A properties file of portcullis.* keys, read instead of portcullis.properties on the class path "
                    + "(only from -D, init-params or context params).");

    /** Core's key set. */
    public static final KeySet KEYS = KeySet.of("core", CONFIG_FILE);

    @Override
    public KeySet keys() {
        return KEYS;
    }
}
