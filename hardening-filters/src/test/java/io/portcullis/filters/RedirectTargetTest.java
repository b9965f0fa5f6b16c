package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The redirect URL: host, port mapping, default port elided, IPv6, raw path and query, CR/LF refused. */
class RedirectTargetTest {

    @ParameterizedTest(name = "{0} {1}?{2} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", quoteCharacter = '`', textBlock = """
            localhost           | /a/b                  | x=1&y=%2F    | -                | https://localhost/a/b?x=1&y=%2F
            localhost:8080      | /a                    | -            | -                | https://localhost:8443/a
            localhost:80        | /                     | -            | -                | https://localhost/
            localhost:9090      | /                     | -            | -                | https://localhost/
            127.0.0.1:8080      | /p;jsessionid=1       | q            | -                | https://127.0.0.1:8443/p;jsessionid=1?q
            [::1]:8080          | /v6                   | -            | -                | https://[::1]:8443/v6
            [::1]               | /v6                   | -            | -                | https://[::1]/v6
            localhost           | /%2e%2e/%0d%0a        | a=%0D%0A     | -                | https://localhost/%2e%2e/%0d%0a?a=%0D%0A
            localhost           | /caf\u00e9            | -            | -                | https://localhost/caf%C3%A9
            evil.test           | /x                    | -            | www.example.com  | https://www.example.com/x
            localhost:8080      | /x                    | -            | www.example.com:9443 | https://www.example.com:9443/x
            localhost           | /a                    | `b=1\r\nSet-Cookie: x` | -      | -
            localhost           | `/a\nb`               | -            | -                | -
            """)
    void targetWhenInsecureThenHttpsUrl(String host, String uri, String query, String canonical, String expected) {
        HardeningPolicy policy = HardeningPolicy.builder()
                .allowedHosts(List.of("localhost", "127.0.0.1", "[::1]", "evil.test"))
                .canonicalHost(canonical)
                .build();
        Engine engine = new Engine(policy, EnumSet.allOf(Engine.Part.class));
        String u = unescape(uri);
        HttpServletRequest r = Fakes.request("GET", "127.0.0.1", false, u, query == null ? null : unescape(query), "Host: " + host);
        EffectiveRequest eff = new ProxyResolver(List.of(), HardeningPolicy.ProxyHeaders.AUTO).compute(r);
        assertThat(engine.target(r, eff)).isEqualTo(expected);
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u00e9", "\u00e9");
    }
}
