package io.portcullis.sendfile;

import io.portcullis.testing.ContainerBuilder;
import io.portcullis.testing.EmbeddedTomcat;

class TomcatSignedUrlFilterTest extends SignedUrlFilterContract {
    @Override
    ContainerBuilder container() {
        return EmbeddedTomcat.builder();
    }
}
