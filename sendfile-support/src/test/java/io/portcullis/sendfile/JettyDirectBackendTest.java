package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ContainerBuilder;
import io.portcullis.testing.EmbeddedJetty;
import org.junit.jupiter.api.Test;

class JettyDirectBackendTest extends DirectBackendContract {

    @Override
    ContainerBuilder container() {
        return EmbeddedJetty.builder();
    }

    @Test
    void jettyOffersNoSendfileHookSoBytesAreCopied() {
        assertThat(header(download("report.pdf"), "X-Test-Zero-Copy")).isNull();
    }
}
