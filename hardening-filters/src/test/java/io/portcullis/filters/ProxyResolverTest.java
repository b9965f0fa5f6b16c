package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Forwarded and X-Forwarded-* resolution. Columns: trusted CIDRs, peer, socket secure, headers
 * (";;"-separated "Name: value" lines), then the expected scheme, host, port, client and secure.
 * The port: an explicit port in the effective host (forwarded host, else Host) wins, then
 * X-Forwarded-Port, then the effective scheme's default; a malformed X-Forwarded-Port or -Proto is
 * ignored alone (the client address and the other values still count).
 */
class ProxyResolverTest {

    @ParameterizedTest(name = "[{index}] peer {1} headers {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                | 127.0.0.1   | false | Host: app.test                                             | http  | app.test    | 80   | 127.0.0.1    | false
            -                | 127.0.0.1   | true  | Host: app.test:8443                                        | https | app.test    | 8443 | 127.0.0.1    | true
            -                | 127.0.0.1   | false | Host: app.test;;X-Forwarded-Proto: https                   | http  | app.test    | 80   | 127.0.0.1    | false
            -                | 127.0.0.1   | false | Host: app.test;;Forwarded: proto=https;host=evil.test      | http  | app.test    | 80   | 127.0.0.1    | false
            10.0.0.0/8       | 127.0.0.1   | false | Host: app.test;;X-Forwarded-Proto: https                   | http  | app.test    | 80   | 127.0.0.1    | false
            127.0.0.1/32     | 127.0.0.1   | false | Host: app.test;;X-Forwarded-Proto: https                   | https | app.test    | 443  | 127.0.0.1    | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: backend:8080;;X-Forwarded-Proto: https;;X-Forwarded-Host: www.test  | https | www.test | 443 | 127.0.0.1 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: backend:8080;;X-Forwarded-Proto: https;;X-Forwarded-Host: www.test:8443  | https | www.test | 8443 | 127.0.0.1 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-Proto: https;;X-Forwarded-Port: 9443  | https | b           | 9443 | 127.0.0.1    | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: localhost:44565;;X-Forwarded-Proto: https            | https | localhost   | 44565 | 127.0.0.1  | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: localhost:44565;;X-Forwarded-Proto: https;;X-Forwarded-Port: 443 | https | localhost | 44565 | 127.0.0.1 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: backend:8080;;X-Forwarded-Proto: https;;X-Forwarded-Host: www.test;;X-Forwarded-Port: 9443 | https | www.test | 9443 | 127.0.0.1 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: backend:8080;;X-Forwarded-Proto: https;;X-Forwarded-Host: www.test:8443;;X-Forwarded-Port: 9443 | https | www.test | 8443 | 127.0.0.1 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b:44565;;X-Forwarded-Proto: https;;X-Forwarded-Port: x | https | b       | 44565 | 127.0.0.1  | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-For: 203.0.113.7;;X-Forwarded-Proto: https;;X-Forwarded-Port: x | https | b | 443 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-For: 203.0.113.7;;X-Forwarded-Proto: https;;X-Forwarded-Port: 0 | https | b | 443 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-For: 203.0.113.7;;X-Forwarded-Proto: https;;X-Forwarded-Port: 65536 | https | b | 443 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-For: 203.0.113.7;;X-Forwarded-Proto: ftp | http | b     | 80   | 203.0.113.7  | false
            127.0.0.1/32     | 127.0.0.1   | false | Host: b:44565;;Forwarded: for=203.0.113.7;proto=https      | https | b           | 44565 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: backend:8080;;Forwarded: for=203.0.113.7;proto=https;host="www.test:8443" | https | www.test | 8443 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: backend:8080;;Forwarded: for=203.0.113.7;proto=https;host=www.test | https | www.test | 443 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-For: 203.0.113.7                      | http  | b           | 80   | 203.0.113.7  | false
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-For: 6.6.6.6, 203.0.113.7             | http  | b           | 80   | 203.0.113.7  | false
            127.0.0.1/32,10.0.0.0/8 | 127.0.0.1 | false | Host: b;;X-Forwarded-For: 6.6.6.6, 203.0.113.7, 10.0.0.2 | http | b      | 80   | 203.0.113.7  | false
            127.0.0.1/32,10.0.0.0/8 | 127.0.0.1 | false | Host: b;;X-Forwarded-For: 10.0.0.3, 10.0.0.2         | http  | b           | 80   | 10.0.0.3     | false
            127.0.0.1/32,10.0.0.0/8 | 127.0.0.1 | false | Host: b;;X-Forwarded-For: 6.6.6.6, 203.0.113.7, 10.0.0.2;;X-Forwarded-Proto: https, http, http | http | b | 80 | 203.0.113.7 | false
            127.0.0.1/32,10.0.0.0/8 | 127.0.0.1 | false | Host: b;;X-Forwarded-For: 6.6.6.6, 203.0.113.7, 10.0.0.2;;X-Forwarded-Proto: http, https, http | https | b | 443 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-Proto: https, http                    | http  | b           | 80   | 127.0.0.1    | false
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-Proto: ftp                            | http  | b           | 80   | 127.0.0.1    | false
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;X-Forwarded-Host: evil.test/x                     | http  | -           | 80   | 127.0.0.1    | false
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;Forwarded: for=203.0.113.7;proto=https;host=www.test | https | www.test | 443 | 203.0.113.7  | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;Forwarded: for=6.6.6.6;proto=http, for=203.0.113.7;proto=https | https | b | 443 | 203.0.113.7 | true
            127.0.0.1/32,10.0.0.0/8 | 127.0.0.1 | false | Host: b;;Forwarded: for=6.6.6.6;proto=http, for=203.0.113.7;proto=https, for=10.1.1.1;proto=http | https | b | 443 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;Forwarded: for="[2001:db8::7]:1";proto=https      | https | b           | 443  | 2001:db8::7  | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;Forwarded: for=1.2.3.4;proto=https;;X-Forwarded-Proto: http | https | b | 443 | 1.2.3.4   | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;Forwarded: for=1.2.3.4 proto=https               | http  | b           | 80   | 127.0.0.1    | false
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;Forwarded: garbage;;Forwarded: for=203.0.113.7;proto=https | https | b | 443 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;Forwarded: for=6.6.6.6;proto=https,, for=203.0.113.7;proto=http | http | b | 80 | 203.0.113.7 | false
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;Forwarded: for=6.6.6.6;for=7.7.7.7, for=203.0.113.7;proto=https | https | b | 443 | 203.0.113.7 | true
            127.0.0.1/32     | 127.0.0.1   | false | Host: b;;Forwarded: for=203.0.113.7;proto=https, x      | http  | b           | 80   | 127.0.0.1    | false
            127.0.0.1/32     | 127.0.0.1   | true  | Host: b;;X-Forwarded-Proto: http                           | http  | b           | 80   | 127.0.0.1    | true
            ::1/128          | ::1         | false | Host: b;;X-Forwarded-Proto: https                          | https | b           | 443  | ::1          | true
            ::1/128          | 0:0:0:0:0:0:0:1 | false | Host: b;;X-Forwarded-Proto: https                      | https | b           | 443  | 0:0:0:0:0:0:0:1 | true
            """)
    void resolveWhenPeerTrustedThenForwardedElseSocket(String trusted, String peer, boolean secure, String headers,
            String scheme, String host, int port, String client, boolean effectiveSecure) {
        List<Cidr> cidrs = new ArrayList<>();
        if (trusted != null) {
            for (String c : trusted.split(",")) {
                cidrs.add(Cidr.parse(c));
            }
        }
        // one family per deployment: the rows with an RFC 7239 header run with portcullis.proxy.headers=forwarded
        HardeningPolicy.ProxyHeaders mode = headers.matches("(^|.*;;)Forwarded:.*")
                ? HardeningPolicy.ProxyHeaders.FORWARDED : HardeningPolicy.ProxyHeaders.X_FORWARDED;
        ProxyResolver resolver = new ProxyResolver(cidrs, mode);
        EffectiveRequest e = resolver.compute(Fakes.request("GET", peer, secure, "/", null, headers.split(";;")));
        assertThat(e.scheme()).isEqualTo(scheme);
        assertThat(e.host().orElse(null)).isEqualTo(host);
        assertThat(e.port()).isEqualTo(port);
        assertThat(e.clientAddress()).isEqualTo(client);
        assertThat(e.isSecure()).isEqualTo(effectiveSecure);
    }

    @ParameterizedTest(name = "mode {0}")
    @CsvSource(delimiter = '|', textBlock = """
            forwarded   | https | http
            x-forwarded | http  | https
            """)
    void resolveWhenModeRestrictsHeadersThenOnlyThoseCount(String mode, String withForwarded, String withXForwarded) {
        HardeningPolicy.ProxyHeaders m = io.portcullis.core.WireToken.lookup(HardeningPolicy.ProxyHeaders.class, "mode", mode);
        ProxyResolver r = new ProxyResolver(List.of(Cidr.parse("127.0.0.1/32")), m);
        assertThat(r.compute(Fakes.request("GET", "127.0.0.1", false, "/", null, "Host: b", "Forwarded: proto=https")).scheme())
                .isEqualTo(withForwarded);
        assertThat(r.compute(Fakes.request("GET", "127.0.0.1", false, "/", null, "Host: b", "X-Forwarded-Proto: https")).scheme())
                .isEqualTo(withXForwarded);
    }

    @org.junit.jupiter.api.Test
    void resolveWhenUntrustedPeerSendsForwardingThenFlaggedAndIgnored() {
        ProxyResolver r = new ProxyResolver(List.of(), HardeningPolicy.ProxyHeaders.AUTO);
        EffectiveRequest e = r.compute(Fakes.request("GET", "203.0.113.9", false, "/", null, "Host: b", "X-Forwarded-Proto: https"));
        assertThat(e.forwardedFromUntrustedPeer()).isTrue();
        assertThat(e.untrustedPeerClaimsHttps()).isTrue();
        assertThat(e.isSecure()).isFalse();
        EffectiveRequest plain = r.compute(Fakes.request("GET", "203.0.113.9", false, "/", null, "Host: b"));
        assertThat(plain.forwardedFromUntrustedPeer()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void resolveMarksEveryRequestThatCarriesForwardingHeadersWhateverThePeer() {
        ProxyResolver r = new ProxyResolver(List.of(Cidr.parse("127.0.0.1/32")), HardeningPolicy.ProxyHeaders.X_FORWARDED);
        assertThat(r.compute(Fakes.request("GET", "127.0.0.1", false, "/", null, "Host: b")).carriesForwardingHeaders()).isFalse();
        assertThat(r.compute(Fakes.request("GET", "127.0.0.1", false, "/", null, "Host: b", "X-Forwarded-Proto: https"))
                .carriesForwardingHeaders()).isTrue();
        // a proto no proxy writes, from a trusted peer: ignored alone (the socket's scheme), still marked (hidden downstream)
        EffectiveRequest malformed = r.compute(Fakes.request("GET", "127.0.0.1", false, "/", null, "Host: b",
                "X-Forwarded-Proto: ftp"));
        assertThat(malformed.scheme()).isEqualTo("http");
        assertThat(malformed.carriesForwardingHeaders()).isTrue();
        // the other family from a trusted peer, and anything from an untrusted one
        assertThat(r.compute(Fakes.request("GET", "127.0.0.1", false, "/", null, "Host: b", "Forwarded: proto=https"))
                .carriesForwardingHeaders()).isTrue();
        assertThat(r.compute(Fakes.request("GET", "203.0.113.9", false, "/", null, "Host: b", "X-Forwarded-For: 1.2.3.4"))
                .carriesForwardingHeaders()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void resolveWhenContainerAppliesForwardingThenItsViewAndNoHeaderRead() {
        ProxyResolver r = new ProxyResolver(List.of(), HardeningPolicy.ProxyHeaders.CONTAINER);
        jakarta.servlet.http.HttpServletRequest req = Fakes.request("GET", "203.0.113.7", true, "/", null, "Host: backend:8080",
                "X-Forwarded-Proto: http", "X-Forwarded-Host: evil.test");
        org.mockito.Mockito.when(req.getServerName()).thenReturn("www.test");
        org.mockito.Mockito.when(req.getServerPort()).thenReturn(8443);
        EffectiveRequest e = r.compute(req);
        assertThat(e).hasToString("https://www.test:8443 client=203.0.113.7");
        assertThat(e.isSecure()).isTrue();
        assertThat(e.forwardedFromUntrustedPeer()).isFalse();
        assertThat(e.carriesForwardingHeaders()).isFalse();
    }

    /** A container port outside 1-65535 is no TCP port: the scheme's default, as for none. */
    @ParameterizedTest(name = "server port {0}")
    @CsvSource({"0, 443", "-1, 443", "65536, 443", "2147483647, 443", "65535, 65535", "1, 1"})
    void resolveWhenContainerReportsAPortOutsideTheTcpRangeThenTheSchemesDefault(int serverPort, int expected) {
        ProxyResolver r = new ProxyResolver(List.of(), HardeningPolicy.ProxyHeaders.CONTAINER);
        jakarta.servlet.http.HttpServletRequest req = Fakes.request("GET", "203.0.113.7", true, "/", null, "Host: www.test");
        org.mockito.Mockito.when(req.getServerName()).thenReturn("www.test");
        org.mockito.Mockito.when(req.getServerPort()).thenReturn(serverPort);
        assertThat(r.compute(req).port()).isEqualTo(expected);
    }
}
