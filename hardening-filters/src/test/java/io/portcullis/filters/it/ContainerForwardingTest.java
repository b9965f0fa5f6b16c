package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.DeployCheck;
import io.portcullis.filters.HardeningFilter;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A container that already applies X-Forwarded-* before any filter (Jetty's
 * ForwardedRequestCustomizer, Tomcat's RemoteIpValve: what Spring Boot's
 * {@code server.forward-headers-strategy=native} sets up): Portcullis takes its view as it is,
 * nothing is applied twice, whether or not {@code portcullis.proxy.headers=container} says so;
 * with it, no warning about forwarding headers from an untrusted peer either.
 */
class ContainerForwardingTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String[] PROXY = {"X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7",
            "X-Forwarded-Host", "localhost", "X-Forwarded-Port", "8443"};

    private static TestServer start(ServletContainer c, HardeningFilter filter, Map<String, String> params) {
        return c.builder().containerAppliesForwardedHeaders().servlet("app", new AppServlet(), "/app/*")
                .filter("portcullis", filter, "/*", params).start();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void containerAppliedForwardingWithProxyHeadersContainerThenItsViewAsIsAndNoWarning(ServletContainer c)
            throws Exception {
        HardeningFilter filter = new HardeningFilter();
        try (TestServer s = start(c, filter, Map.of("portcullis.proxy.headers", "container"))) {
            HttpResponse<String> r = get(s.http("/app/view"), PROXY);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).startsWith("https true localhost 8443 203.0.113.7 ")
                    .contains(" https://localhost:8443/app/view |");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
            assertThat(get(s.http("/app/effective"), PROXY).body()).isEqualTo("https://localhost:8443 client=203.0.113.7");
            // control: without the proxy's headers the container says http, and Portcullis redirects
            assertThat(get(s.http("/app/view")).statusCode()).isEqualTo(301);
            assertThat(filter.findings()).extracting(DeployCheck.Finding::id).doesNotContain("FORWARDED_FROM_UNTRUSTED_PEER");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void containerAppliedForwardingWithDefaultsThenNothingAppliedTwice(ServletContainer c) throws Exception {
        // even with the loopback proxy listed: the container reports the client (203.0.113.7), which is not trusted
        for (Map<String, String> params : java.util.List.of(Map.<String, String>of(),
                Map.of("portcullis.proxy.trusted", "127.0.0.1/32"))) {
            try (TestServer s = start(c, new HardeningFilter(), params)) {
                HttpResponse<String> r = get(s.http("/app/view"), PROXY);
                assertThat(r.statusCode()).as(params + ": " + r.body()).isEqualTo(200);
                assertThat(r.body()).as(params.toString()).startsWith("https true localhost 8443 203.0.113.7 ")
                        .contains(" https://localhost:8443/app/view |");
                assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
            }
        }
    }

    private static HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
