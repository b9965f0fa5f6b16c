package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SendfilePolicyTest {

    @TempDir
    Path root;

    private SendfilePolicy read(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put(SendfilePolicy.KEY_ROOT, root.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return SendfilePolicy.fromSettings(Settings.of(m));
    }

    @Test
    void defaultsAreSecure() throws Exception {
        SendfilePolicy p = read();
        assertThat(p.backend()).isEqualTo(Backend.DIRECT);
        assertThat(p.cacheControl()).isEqualTo("private, no-cache");
        assertThat(p.disposition()).isEqualTo(Disposition.ATTACHMENT);
        assertThat(p.nginxInternalPrefix()).isEqualTo("/_portcullis_protected/");
        assertThat(p.nginxExpires()).isZero();
        assertThat(p.nginxBuffering()).isEmpty();
        assertThat(p.maxRanges()).isEqualTo(8);
        assertThat(p.zeroCopy()).isTrue();
        assertThat(p.realRoot()).isEqualTo(root.toRealPath());
    }

    @Test
    void everyKeyIsRead() {
        SendfilePolicy p = read(SendfilePolicy.KEY_BACKEND, "nginx", SendfilePolicy.KEY_NGINX_PREFIX, "/media/",
                SendfilePolicy.KEY_NGINX_BUFFERING, "no", SendfilePolicy.KEY_NGINX_LIMIT_RATE, "1048576",
                SendfilePolicy.KEY_NGINX_EXPIRES, "60", SendfilePolicy.KEY_CACHE_CONTROL, "private, max-age=60",
                SendfilePolicy.KEY_DISPOSITION, "inline", SendfilePolicy.KEY_CSP_SANDBOX, "true",
                SendfilePolicy.KEY_MAX_RANGES, "2", SendfilePolicy.KEY_ZERO_COPY, "false", SendfilePolicy.KEY_ZERO_COPY_MIN, "0");
        assertThat(p.backend()).isEqualTo(Backend.NGINX);
        assertThat(p.nginxInternalPrefix()).isEqualTo("/media/");
        assertThat(p.nginxBuffering()).contains(false);
        assertThat(p.nginxLimitRate()).isEqualTo(1048576);
        assertThat(p.nginxExpires()).isEqualTo(60);
        assertThat(p.cacheControl()).isEqualTo("private, max-age=60");
        assertThat(p.disposition()).isEqualTo(Disposition.INLINE);
        assertThat(p.cspSandbox()).isTrue();
        assertThat(p.maxRanges()).isEqualTo(2);
        assertThat(p.zeroCopy()).isFalse();
        assertThat(p.toBuilder().build().backend()).isEqualTo(Backend.NGINX);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            portcullis.sendfile.backend               | X-Sendfile       | portcullis.sendfile.backend must be one of apache, nginx, lighttpd, direct; got "X-Sendfile"
            portcullis.sendfile.cache-control         | public, max-age=600 | portcullis.sendfile.cache-control must contain private or no-store and must not contain public; got "public, max-age=600"
            portcullis.sendfile.cache-control         | private, public  | portcullis.sendfile.cache-control must contain private or no-store and must not contain public; got "private, public"
            portcullis.sendfile.cache-control         | max-age=60       | portcullis.sendfile.cache-control must contain private or no-store and must not contain public; got "max-age=60"
            portcullis.sendfile.nginx.internal-prefix | /protected       | portcullis.sendfile.nginx.internal-prefix must look like /name/
            portcullis.sendfile.nginx.internal-prefix | /a b/            | portcullis.sendfile.nginx.internal-prefix must look like /name/
            portcullis.sendfile.nginx.internal-prefix | /../x/           | portcullis.sendfile.nginx.internal-prefix must not contain dot segments
            portcullis.sendfile.nginx.buffering       | off              | portcullis.sendfile.nginx.buffering must be yes or no; got "off"
            portcullis.sendfile.direct.max-ranges     | 0                | portcullis.sendfile.direct.max-ranges must be an integer in [1, 100]; got "0"
            portcullis.sendfile.csp-sandbox           | yes              | portcullis.sendfile.csp-sandbox must be true or false; got "yes"
            portcullis.sendfile.bakend                | nginx            | unknown key portcullis.sendfile.bakend; did you mean portcullis.sendfile.backend?
            """)
    void badValueFailsNamingKeyAndValue(String key, String value, String message) {
        assertThatThrownBy(() -> read(key, value)).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    @Test
    void rootMustExistBeADirectoryAndBeGiven() throws Exception {
        assertThatThrownBy(() -> SendfilePolicy.fromSettings(Settings.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("portcullis.sendfile.root is required");
        assertThatThrownBy(() -> SendfilePolicy.builder(root.resolve("nope")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be an existing directory");
        Path file = Files.writeString(root.resolve("f"), "x");
        assertThatThrownBy(() -> SendfilePolicy.builder(file).build()).hasMessageContaining("must be an existing directory");
        assertThatThrownBy(() -> SendfilePolicy.builder(Path.of("relative")).build()).hasMessageContaining("must be an absolute path");
        assertThatThrownBy(() -> SendfilePolicy.builder(Path.of("/")).build()).hasMessageContaining("must not be the file system root");
        Path spaced = Files.createDirectory(root.resolve("with space"));
        assertThatThrownBy(() -> SendfilePolicy.builder(spaced).build()).hasMessageContaining("must not contain the character ' '");
    }

    @Test
    void sendOptionsRefusePublicCachingAndInjectedTypes() {
        assertThatThrownBy(() -> SendOptions.builder().cacheControl("public").build()).hasMessageContaining("must not contain public");
        assertThatThrownBy(() -> SendOptions.builder().contentType("text/html\r\nSet-Cookie: a=b").build())
                .hasMessageContaining("contentType must be a media type");
        assertThat(SendOptions.builder().contentType("text/plain; charset=UTF-8").build().contentType()).contains("text/plain; charset=UTF-8");
    }
}
