package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The effective request keeps port, scheme and every flag in one int (24 bytes per request): each
 * value reads back exactly as given, alone and beside every other, and nothing the resolver does
 * not produce is stored.
 */
class EffectiveRequestTest {

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {0, 1, 80, 443, 8080, 44565, 65534, 65535})
    void valuesWhenEachFlagAloneOrAllThenEachReadsBackExactly(int port) {
        for (int mask = 0; mask < 1 << 7; mask++) {
            boolean https = (mask & 1) != 0;
            boolean secure = (mask & 2) != 0;
            boolean via = (mask & 4) != 0;
            boolean untrusted = (mask & 8) != 0;
            boolean claims = (mask & 16) != 0;
            boolean mixed = (mask & 32) != 0;
            boolean forwarding = (mask & 64) != 0;
            EffectiveRequest e = new EffectiveRequest(https ? "https" : "http", "example.com", port, "203.0.113.9",
                    secure, via, untrusted, claims, mixed, forwarding);
            String at = "mask " + mask + " port " + port;
            assertThat(e.scheme()).as(at).isEqualTo(https ? "https" : "http");
            assertThat(e.port()).as(at).isEqualTo(port);
            assertThat(e.isSecure()).as(at).isEqualTo(secure);
            assertThat(e.viaTrustedProxy()).as(at).isEqualTo(via);
            assertThat(e.forwardedFromUntrustedPeer()).as(at).isEqualTo(untrusted);
            assertThat(e.untrustedPeerClaimsHttps()).as(at).isEqualTo(claims);
            assertThat(e.mixedProxyHeaders()).as(at).isEqualTo(mixed);
            assertThat(e.carriesForwardingHeaders()).as(at).isEqualTo(forwarding);
            assertThat(e.host()).as(at).contains("example.com");
            assertThat(e.clientAddress()).as(at).isEqualTo("203.0.113.9");
            EffectiveRequest marked = e.withMixedProxyHeaders();
            assertThat(marked.mixedProxyHeaders() && marked.carriesForwardingHeaders()).as(at).isTrue();
            assertThat(marked).as(at).isEqualTo(e).hasToString(e.toString());
            assertThat(marked.port()).as(at).isEqualTo(port);
            assertThat(e.withForwardingHeaders().carriesForwardingHeaders()).as(at).isTrue();
            assertThat(e.withForwardingHeaders().mixedProxyHeaders()).as(at).isEqualTo(mixed);
        }
    }

    @Test
    void equalsWhenOneComparedValueDiffersThenUnequal() {
        EffectiveRequest e = new EffectiveRequest("https", "a.test", 443, "192.0.2.1", true, false, false, false);
        assertThat(e).isEqualTo(new EffectiveRequest("https", "a.test", 443, "192.0.2.1", true, false, false, false))
                .hasSameHashCodeAs(new EffectiveRequest("https", "a.test", 443, "192.0.2.1", true, false, false, false));
        assertThat(e).isNotEqualTo(new EffectiveRequest("http", "a.test", 443, "192.0.2.1", true, false, false, false))
                .isNotEqualTo(new EffectiveRequest("https", "b.test", 443, "192.0.2.1", true, false, false, false))
                .isNotEqualTo(new EffectiveRequest("https", "a.test", 8443, "192.0.2.1", true, false, false, false))
                .isNotEqualTo(new EffectiveRequest("https", "a.test", 443, "192.0.2.2", true, false, false, false))
                .isNotEqualTo(new EffectiveRequest("https", "a.test", 443, "192.0.2.1", false, false, false, false))
                .isNotEqualTo(new EffectiveRequest("https", "a.test", 443, "192.0.2.1", true, true, false, false))
                .isNotEqualTo(new EffectiveRequest("https", "a.test", 443, "192.0.2.1", true, false, true, false));
    }

    @Test
    void constructWhenPortOrSchemeIsNothingTheResolverProducesThenRefusedRatherThanTruncated() {
        assertThatThrownBy(() -> new EffectiveRequest("https", "a.test", 65536, "192.0.2.1", true, false, false, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EffectiveRequest("https", "a.test", -1, "192.0.2.1", true, false, false, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EffectiveRequest("ftp", "a.test", 21, "192.0.2.1", false, false, false, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
