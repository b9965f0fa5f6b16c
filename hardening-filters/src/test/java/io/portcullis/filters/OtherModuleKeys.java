package io.portcullis.filters;

import io.portcullis.core.Key;
import io.portcullis.core.KeyProvider;
import io.portcullis.core.KeySet;

/** Stands for upload-guard on this module's test class path (registered in test META-INF/services). */
public final class OtherModuleKeys implements KeyProvider {

    @Override
    public KeySet keys() {
        return KeySet.of("upload-stand-in", Key.longInteger("portcullis.upload.max-size", 10, 1, 100, "Stand-in."));
    }
}
