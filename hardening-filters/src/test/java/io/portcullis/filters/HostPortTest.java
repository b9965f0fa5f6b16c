package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com            | example.com     | -1
            Example.COM            | example.com     | -1
            example.com.           | example.com     | -1
            example.com:8443       | example.com     | 8443
            127.0.0.1:8080         | 127.0.0.1       | 8080
            [::1]                  | [::1]           | -1
            [::1]:8443             | [::1]           | 8443
            [2001:DB8::1]:443      | [2001:db8::1]   | 443
            xn--bcher-kva.example  | xn--bcher-kva.example | -1
            a_b.internal           | a_b.internal    | -1
            """)
    void parseWhenValidThenHostAndPort(String value, String host, int port) {
        HostPort hp = HostPort.parse(value);
        assertThat(hp).isNotNull();
        assertThat(hp.host).isEqualTo(host);
        assertThat(hp.port).isEqualTo(port);
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""
            "example.com:"
            "example.com:0"
            "example.com:65536"
            "example.com:80:80"
            "example.com:8o"
            "user@example.com"
            "example.com/path"
            "exa mple.com"
            "example.com\r\nX: y"
            "::1"
            "[::1"
            "[::1]x"
            "[fe80::1%25eth0]"
            "[not-ipv6]"
            "-example.com"
            "example..com"
            "évil.com"
            """)
    void parseWhenInvalidThenNull(String value) {
        assertThat(HostPort.parse(value.replace("\\r", "\r").replace("\\n", "\n"))).isNull();
    }
}
