package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzz targets for what checkup reads from the server it audits, which may be
 * hostile: the first TLS record (ServerHello), a raw HTTP response, Content-Security-Policy and
 * Set-Cookie headers. Each either refuses with the module's own exception or returns a value that
 * keeps its invariants, reading no more than it may. {@code mvn verify} replays the stored inputs
 * under {@code src/test/resources/io/portcullis/checkup/site/SiteFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/fuzzing.md).
 */
class SiteFuzzTest {

    private static final URI TARGET = URI.create("https://www.example.test/a/b");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern SOURCE = Pattern.compile("[\\x21-\\x2b\\x2d-\\x3a\\x3c-\\x7e]+");

    /**
     * Any bytes as the server's answer to a ClientHello (TLS 1.0-1.2 probe and TLS 1.3 probe): refused
     * (empty), or a ServerHello at the version offered with a 16-bit suite and extension types; never
     * more than one record read, never another exception.
     */
    @FuzzTest(maxDuration = "10m")
    void serverHelloIsRefusedOrNamesTheOfferedVersionWithinOneRecord(FuzzedDataProvider data) throws IOException {
        TlsProbe.Version version = data.pickValue(TlsProbe.Version.values());
        byte[] bytes = data.consumeRemainingAsBytes();
        Counting in = new Counting(new ByteArrayInputStream(bytes));
        Optional<TlsProbe.Accepted> accepted = TlsProbe.readServerHello(in, version, TlsProbe.LEGACY_OFFER);
        assertThat(in.count).isLessThanOrEqualTo(5 + (1 << 14));
        accepted.ifPresent(a -> {
            assertThat(a.version()).isEqualTo(version);
            assertThat(a.suite()).isBetween(0, 0xffff);
            assertThat(a.suiteName()).isNotBlank();
            assertThat(a.extensions()).allMatch(e -> e >= 0 && e <= 0xffff);
            assertThat(a.extensions().size()).isLessThanOrEqualTo(bytes.length / 4);
            assertThat(bytes[0]).isEqualTo((byte) 0x16);
            assertThat(bytes[5]).isEqualTo((byte) 0x02);
        });
        Counting again = new Counting(new ByteArrayInputStream(bytes));
        Optional<Integer> tls13 = TlsProbe.readTls13ServerHello(again);
        assertThat(again.count).isLessThanOrEqualTo(5 + (1 << 14));
        tls13.ifPresent(suite -> assertThat(suite).isBetween(0, 0xffff));
    }

    /**
     * Any bytes as a raw HTTP response: refused with "not an HTTP response", or a three-digit status,
     * trimmed header names without ':' and values without line breaks, a body no longer than the
     * bytes; deciding whether the response is complete, and reading its Location, never throw.
     */
    @FuzzTest(maxDuration = "10m")
    void rawResponseIsRefusedOrParsedWithinItsBytes(byte[] bytes) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(bytes);
        Http.complete(buf);
        Response r;
        try {
            r = Http.parseRaw(TARGET, bytes);
        } catch (IOException e) {
            assertThat(e.getMessage()).startsWith("not an HTTP response: ");
            return;
        }
        assertThat(r.status()).isBetween(0, 999);
        r.headers().forEach((name, values) -> {
            assertThat(name).isNotEmpty().doesNotContain(":").isEqualTo(name.trim());
            assertThat(values).allMatch(v -> v.indexOf('\r') < 0 && v.indexOf('\n') < 0);
        });
        assertThat(r.body().length()).isLessThanOrEqualTo(bytes.length);
        r.location();
        r.isRedirect();
        r.isHtml();
    }

    /**
     * Any two Content-Security-Policy header values: refused with {@link Csp.InvalidCspException}, or
     * directives named in the CSP grammar with well-formed sources, an Observatory verdict, script
     * sources no wider than the policy's; and a second policy never widens what the first allows
     * (browsers enforce both). The Observatory's own parser refuses only with IllegalArgumentException.
     */
    @FuzzTest(maxDuration = "10m")
    void cspFromAServerIsRefusedOrAnalysedAndASecondPolicyNeverWidensIt(FuzzedDataProvider data) {
        String first = data.consumeString(300);
        String second = data.consumeRemainingAsString();
        Csp one = parse(List.of(first));
        Csp both = parse(List.of(first, second));
        for (Csp csp : new Csp[] {one, both, parseMeta(List.of(first, second))}) {
            if (csp == null) {
                continue;
            }
            csp.directives().forEach((name, sources) -> {
                assertThat(name).matches(NAME);
                assertThat(sources).allMatch(s -> s.equals("'none'") || SOURCE.matcher(s).matches());
            });
            assertThat(csp.observatory(true)).isNotNull();
            assertThat(csp.observatory(false)).isNotNull();
            assertThat(csp.effective("script-src")).containsAll(csp.effectiveScriptSources());
            csp.restrictsFraming();
        }
        if (one != null && both != null) {
            one.directives().forEach((name, allowed) -> {
                Set<String> widened = new LinkedHashSet<>(both.get(name).orElseThrow());
                widened.removeAll(allowed);
                widened.remove("'none'");
                assertThat(widened).as("%s widened by a second policy", name).isEmpty();
            });
        }
        for (List<String> policies : List.of(List.of(first), List.of(first, second))) {
            try {
                Observatory.parseCsp(policies).forEach((name, sources) -> assertThat(sources).isNotEmpty());
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    /**
     * Any Set-Cookie headers from the server: each is ignored (no name=value) or read with the name
     * before the first '=', and Secure/HttpOnly exactly when a browser would see them; the cookie
     * findings and the Observatory's cookie jar never throw, the jar keeps only cookies whose Domain
     * matches the host, and never sends a Secure cookie over http.
     */
    @FuzzTest(maxDuration = "10m")
    void setCookieFromAServerIsReadLikeABrowserAndScored(FuzzedDataProvider data) {
        List<String> headers = new ArrayList<>();
        int n = data.consumeInt(1, 4);
        for (int i = 0; i < n; i++) {
            headers.add(i == n - 1 ? data.consumeRemainingAsString() : data.consumeString(200));
        }
        List<SetCookie> cookies = new ArrayList<>();
        for (String header : headers) {
            Optional<SetCookie> parsed = SetCookie.parse(header);
            String pair = header.split(";", -1)[0];
            int eq = pair.indexOf('=');
            assertThat(parsed.isPresent()).as(header).isEqualTo(eq > 0 && !pair.substring(0, eq).trim().isEmpty());
            parsed.ifPresent(c -> {
                assertThat(c.name()).isEqualTo(pair.substring(0, eq).trim()).doesNotContain(";", "=");
                assertThat(c.secure()).as(header).isEqualTo(hasFlag(header, "secure"));
                assertThat(c.httpOnly()).as(header).isEqualTo(hasFlag(header, "httponly"));
                c.sameSiteValid();
                c.authenticates();
                cookies.add(c);
            });
        }
        assertThat(Checks.cookies(SiteAudit.jar(cookies))).isNotEmpty();

        CookieJar jar = new CookieJar();
        jar.store(new Response(TARGET, 200, Map.of("Set-Cookie", headers), ""));
        for (CookieJar.Stored c : jar.all()) {
            assertThat("www.example.test".equals(c.domain()) || "www.example.test".endsWith("." + c.domain()))
                    .as("domain %s", c.domain()).isTrue();
        }
        Optional<String> plain = jar.header(URI.create("http://www.example.test/a/b"));
        plain.ifPresent(h -> jar.all().stream().filter(CookieJar.Stored::secure)
                .filter(c -> jar.all().stream().noneMatch(o -> !o.secure() && o.name().equals(c.name())))
                .forEach(c -> assertThat(("; " + h).contains("; " + c.name() + "=")).as(h).isFalse()));
        jar.header(TARGET);
    }

    private static boolean hasFlag(String header, String flag) {
        String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int eq = attr.indexOf('=');
            if ((eq < 0 ? attr : attr.substring(0, eq)).trim().toLowerCase(Locale.ROOT).equals(flag)) {
                return true;
            }
        }
        return false;
    }

    private static Csp parse(List<String> values) {
        try {
            return Csp.parse(values);
        } catch (Csp.InvalidCspException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }

    private static Csp parseMeta(List<String> values) {
        try {
            return Csp.parseMeta(values);
        } catch (Csp.InvalidCspException e) {
            return null;
        }
    }

    /** Counts the bytes a reader takes. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
