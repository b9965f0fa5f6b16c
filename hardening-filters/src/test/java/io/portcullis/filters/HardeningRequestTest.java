package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request passed downstream: the client's view only behind a trusted proxy, forwarding headers hidden. */
class HardeningRequestTest {

    private static final ProxyResolver RESOLVER = new ProxyResolver(List.of(Cidr.parse("10.0.0.0/8")),
            HardeningPolicy.ProxyHeaders.X_FORWARDED);

    private static HardeningRequest wrap(String peer, String... headers) {
        HttpServletRequest r = Fakes.request("POST", peer, false, "/a/b", "q=1", headers);
        when(r.getServerPort()).thenReturn(8080);
        when(r.getRemoteHost()).thenReturn(peer);
        when(r.getRequestURL()).thenAnswer(i -> new StringBuffer("http://localhost:8080/a/b"));
        when(r.getHeaderNames()).thenAnswer(i -> Collections.enumeration(List.of("Host", "X-Forwarded-Proto", "Accept")));
        HardeningResponse response = mock(HardeningResponse.class);
        return HardeningRequest.of(r, response, RESOLVER.compute(r));
    }

    @Test
    void trustedProxyThenEveryAccessorGivesTheClientsView() {
        HardeningRequest r = wrap("10.0.0.5", "Host: app.test:44565", "X-Forwarded-Proto: https",
                "X-Forwarded-For: 6.6.6.6, 203.0.113.7");
        assertThat(r.getScheme()).isEqualTo("https");
        assertThat(r.isSecure()).isTrue();
        assertThat(r.getServerName()).isEqualTo("app.test");
        assertThat(r.getServerPort()).isEqualTo(44565);
        assertThat(r.getRemoteAddr()).isEqualTo("203.0.113.7");
        assertThat(r.getRemoteHost()).isEqualTo("203.0.113.7");
        assertThat(r.getRequestURL()).hasToString("https://app.test:44565/a/b");
        assertThat(r.getHeader("X-Forwarded-Proto")).isNull();
        assertThat(Collections.list(r.getHeaderNames())).containsExactly("Host", "Accept");
    }

    @Test
    void untrustedPeerThenContainerViewAndForwardingHeadersHidden() {
        HardeningRequest r = wrap("203.0.113.9", "Host: localhost:8080", "X-Forwarded-Proto: https",
                "X-Forwarded-For: 1.2.3.4");
        assertThat(r.getScheme()).isEqualTo("http");
        assertThat(r.isSecure()).isFalse();
        assertThat(r.getServerName()).isEqualTo("localhost");
        assertThat(r.getServerPort()).isEqualTo(8080);
        assertThat(r.getRemoteAddr()).isEqualTo("203.0.113.9");
        assertThat(r.getRequestURL()).hasToString("http://localhost:8080/a/b");
        assertThat(r.getHeader("x-forwarded-for")).isNull();
        assertThat(Collections.list(r.getHeaders("X-FORWARDED-PROTO"))).isEmpty();
        assertThat(r.getIntHeader("X-Forwarded-Proto")).isEqualTo(-1);
        assertThat(r.getHeader("Host")).isEqualTo("localhost:8080");
    }

    @Test
    void noForwardingHeadersThenNothingHiddenOrChanged() {
        HardeningRequest r = wrap("10.0.0.5", "Host: localhost:8080");
        assertThat(r.getClass()).isEqualTo(HardeningRequest.class); // the plain wrapper: no field, no override more
        assertThat(r.getScheme()).isEqualTo("http");
        assertThat(r.getRemoteAddr()).isEqualTo("10.0.0.5");
        assertThat(Collections.list(r.getHeaderNames())).containsExactly("Host", "X-Forwarded-Proto", "Accept");
    }

    @ParameterizedTest
    @CsvSource({"Forwarded, true", "FORWARDED, true", "x-forwarded-for, true", "X-Forwarded-Host, true",
            "X-Forwarded-Port, true", "X-Forwarded-Proto, true", "X-Forwarded-Prefix, false", "X-Forwarded-Ssl, false",
            "X-Forwarded-Fox, false", "X-Forwarded-Protoo, false", "Forwarder, false", "X-Real-IP, false", "Host, false"})
    void forwardingHeaderNamesAreThoseTheResolverReads(String name, boolean hidden) {
        assertThat(HardeningRequest.isForwardingHeader(name)).isEqualTo(hidden);
    }
}
