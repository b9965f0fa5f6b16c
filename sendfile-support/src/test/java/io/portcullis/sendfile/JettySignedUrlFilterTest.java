package io.portcullis.sendfile;

import io.portcullis.testing.ContainerBuilder;
import io.portcullis.testing.EmbeddedJetty;

class JettySignedUrlFilterTest extends SignedUrlFilterContract {
    @Override
    ContainerBuilder container() {
        return EmbeddedJetty.builder();
    }
}
