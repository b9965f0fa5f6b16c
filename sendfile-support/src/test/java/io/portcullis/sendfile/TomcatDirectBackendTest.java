package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ContainerBuilder;
import io.portcullis.testing.EmbeddedTomcat;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TomcatDirectBackendTest extends DirectBackendContract {

    @Override
    ContainerBuilder container() {
        return EmbeddedTomcat.builder();
    }

    @Test
    void tomcatZeroCopyHookSendsWholeFilesAndSingleRanges() {
        var whole = download("report.pdf");
        assertThat(header(whole, "X-Test-Zero-Copy")).isEqualTo("tomcat");
        assertThat(whole.body()).isEqualTo(fx.report);
        var range = download("report.pdf", "Range", "bytes=1000-60999");
        assertThat(header(range, "X-Test-Zero-Copy")).isEqualTo("tomcat");
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(fx.report, 1000, 61000));
        // below the threshold (48 KiB) the copy path is used
        assertThat(header(download("a b.txt"), "X-Test-Zero-Copy")).isNull();
    }
}
