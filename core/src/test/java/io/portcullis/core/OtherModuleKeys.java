package io.portcullis.core;

import java.util.List;

/** Stands for another module on the class path (registered in test META-INF/services). */
public final class OtherModuleKeys implements KeyProvider {

    static final Key<Long> MAX_FILE_SIZE = Key.longInteger("portcullis.upload.max-file-size", 10, 1, 1000, "Bytes per file.");
    static final Key<List<String>> ALLOW = Key.list("portcullis.upload.allow", List.of("png"), "Extensions.");

    @Override
    public KeySet keys() {
        return KeySet.of("other-module", MAX_FILE_SIZE, ALLOW);
    }
}
