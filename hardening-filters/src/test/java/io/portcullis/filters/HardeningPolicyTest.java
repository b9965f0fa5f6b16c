package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HardeningPolicyTest {

    private static HardeningPolicy from(String... kv) {
        return HardeningPolicy.fromSettings(Settings.of(Fakes.map(kv)));
    }

    @Test
    void defaultsWhenNoKeysThenSecureValues() {
        HardeningPolicy p = from();
        assertThat(p).isEqualTo(HardeningPolicy.defaults());
        assertThat(p.httpsRedirect()).isTrue();
        assertThat(p.redirectStatusForGet()).isEqualTo(301);
        assertThat(p.redirectStatusForOther()).isEqualTo(308);
        assertThat(p.hstsHeaderValue()).isEqualTo("max-age=31536000; includeSubDomains");
        assertThat(p.trustedProxies()).isEmpty();
        assertThat(p.cookieSameSite()).isEqualTo(HardeningPolicy.SameSite.LAX);
        assertThat(p.contentSecurityPolicy()).isEqualTo(HardeningPolicy.DEFAULT_CSP);
        assertThat(p.crossOriginEmbedderPolicy()).isEqualTo(HardeningPolicy.EmbedderPolicy.OFF);
    }

    @Test
    void fromSettingsWhenEveryDefaultWrittenOutThenSameAsDefaults() {
        Map<String, String> all = new java.util.LinkedHashMap<>(HardeningPolicy.KEYS);
        assertThat(HardeningPolicy.fromSettings(Settings.of(all))).isEqualTo(HardeningPolicy.defaults());
    }

    @Test
    void toBuilderWhenUnchangedThenEqual() {
        HardeningPolicy p = from("portcullis.hsts.max-age", "600", "portcullis.proxy.trusted", "10.0.0.0/8");
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(p.toBuilder().hstsMaxAge(700).build()).isNotEqualTo(p);
    }

    @Test
    void fromSettingsWhenValuesGivenThenApplied() {
        HardeningPolicy p = from(
                "portcullis.https.get-status", "308",
                "portcullis.https.port-map", "8080:8443, 9080:9443",
                "portcullis.https.exempt", "/health, /.well-known/acme-challenge/*",
                "portcullis.hosts.allowed", "example.com, .example.org",
                "portcullis.hosts.canonical", "www.example.com",
                "portcullis.proxy.trusted", "10.0.0.0/8, ::1/128",
                "portcullis.hsts.preload", "true",
                "portcullis.cookies.same-site-overrides", "sso=None, theme=Strict",
                "portcullis.headers.referrer-policy", "no-referrer, strict-origin-when-cross-origin",
                "portcullis.csp.report-only-policy", "default-src 'none'");
        assertThat(p.redirectStatusForGet()).isEqualTo(308);
        assertThat(p.portMap()).containsExactly(Map.entry(8080, 8443), Map.entry(9080, 9443));
        assertThat(p.redirectExempt()).containsExactly("/health", "/.well-known/acme-challenge/*");
        assertThat(p.isAllowedHost("example.com")).isTrue();
        assertThat(p.isAllowedHost("a.example.org")).isTrue();
        assertThat(p.isAllowedHost("example.org")).isTrue();
        assertThat(p.isAllowedHost("www.example.com")).isTrue();
        assertThat(p.isAllowedHost("evilexample.org")).isFalse();
        assertThat(p.isAllowedHost("example.com.evil.test")).isFalse();
        assertThat(p.hstsHeaderValue()).isEqualTo("max-age=31536000; includeSubDomains; preload");
        assertThat(p.cookieSameSiteOverrides()).containsEntry("sso", HardeningPolicy.SameSite.NONE);
        assertThat(p.referrerTokens()).isEqualTo("no-referrer, strict-origin-when-cross-origin");
        assertThat(p.contentSecurityPolicyReportOnly()).isEqualTo("default-src 'none'");
    }

    @Test
    void fromSettingsWhenOffValuesThenHeadersOff() {
        HardeningPolicy p = from("portcullis.csp.policy", "off", "portcullis.headers.permissions-policy", "off",
                "portcullis.headers.referrer-policy", "off", "portcullis.hsts.clear", "true");
        assertThat(p.contentSecurityPolicy()).isNull();
        assertThat(p.permissionsPolicy()).isNull();
        assertThat(p.hstsHeaderValue()).isEqualTo("max-age=0");
    }

    /** One exact message per key family; columns: key | value | message. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            portcullis.https.redirect       | yes       | portcullis.https.redirect must be true or false; got "yes"
            portcullis.https.get-status     | 302x      | portcullis.https.get-status must be one of 301, 302, 303, 307, 308; got "302x"
            portcullis.https.other-status   | 301       | portcullis.https.other-status must be one of 307, 308 (they keep the method and body); got "301"
            portcullis.https.port-map       | 8080=8443 | portcullis.https.port-map must be a list of httpPort:httpsPort pairs such as 8080:8443; got "8080=8443"
            portcullis.https.port-map       | 0:8443    | portcullis.https.port-map ports must be in [1, 65535]; got "0:8443"
            portcullis.https.exempt         | health    | portcullis.https.exempt entries must be /exact/path, /prefix/* or *.extension; got "health"
            portcullis.https.exempt         | `/a/*/b`  | portcullis.https.exempt entries must be /exact/path, /prefix/* or *.extension; got "/a/*/b"
            portcullis.hosts.allowed        | *         | portcullis.hosts.allowed entries must be host names or IP literals (IPv6 in brackets), or .example.com for a domain and its subdomains; no ports, no wildcards; got "*"
            portcullis.hosts.allowed        | example.com:443 | portcullis.hosts.allowed entries must be host names or IP literals (IPv6 in brackets), or .example.com for a domain and its subdomains; no ports, no wildcards; got "example.com:443"
            portcullis.hosts.allowed        | `a,,b`    | portcullis.hosts.allowed must be a comma-separated list without empty entries; got "a,,b"
            portcullis.hosts.canonical      | `https://x` | portcullis.hosts.canonical must be host or host:port (IPv6 in brackets); got "https://x"
            portcullis.proxy.trusted        | 10.0.0.1/8 | portcullis.proxy.trusted entries must be IPv4 or IPv6 CIDRs such as 10.0.0.0/8 or ::1/128 (host bits are set; the network is 10.0.0.0/8); got "10.0.0.1/8"
            portcullis.proxy.trusted        | proxy.internal | portcullis.proxy.trusted entries must be IPv4 or IPv6 CIDRs such as 10.0.0.0/8 or ::1/128 (not an IPv4 or IPv6 address literal); got "proxy.internal"
            portcullis.proxy.headers        | x-forwarded-for | portcullis.proxy.headers must be one of auto, forwarded, x-forwarded, container; got "x-forwarded-for"
            portcullis.hsts.max-age         | -5        | portcullis.hsts.max-age must be an integer in [1, 63072000] (to undo HSTS use portcullis.hsts.clear=true); got "-5"
            portcullis.hsts.max-age         | 0         | portcullis.hsts.max-age must be an integer in [1, 63072000] (to undo HSTS use portcullis.hsts.clear=true); got "0"
            portcullis.hsts.max-age         | 1y        | portcullis.hsts.max-age must be an integer in [1, 63072000] (to undo HSTS use portcullis.hsts.clear=true); got "1y"
            portcullis.hsts.include-subdomains | TRUE   | portcullis.hsts.include-subdomains must be true or false; got "TRUE"
            portcullis.cookies.secure       | on        | portcullis.cookies.secure must be one of when-secure, always, off; got "on"
            portcullis.cookies.same-site    | lacks     | portcullis.cookies.same-site must be one of Lax, Strict, None, off; got "lacks"
            portcullis.cookies.same-site-overrides | sso | portcullis.cookies.same-site-overrides must be a list of cookie-name=SameSite entries (SameSite: Lax, Strict, None or off); got "sso"
            portcullis.cookies.same-site-overrides | sso=Nope | portcullis.cookies.same-site-overrides (sso) must be one of Lax, Strict, None, off; got "Nope"
            portcullis.cookies.http-only-exempt | `a b` | portcullis.cookies.http-only-exempt entries must be tokens (RFC 9110 §5.6.2); got "a b"
            portcullis.headers.frame-options | ALLOW-FROM x | portcullis.headers.frame-options must be one of DENY, SAMEORIGIN, off; got "ALLOW-FROM x"
            portcullis.headers.referrer-policy | no-referer | portcullis.headers.referrer-policy must be one of no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url, off; got "no-referer"
            portcullis.headers.referrer-policy | `origin, origin` | portcullis.headers.referrer-policy must not repeat a token; got "origin,origin"
            portcullis.headers.cross-origin-opener-policy | same-site | portcullis.headers.cross-origin-opener-policy must be one of same-origin, same-origin-allow-popups, noopener-allow-popups, unsafe-none, off; got "same-site"
            portcullis.headers.cross-origin-resource-policy | none | portcullis.headers.cross-origin-resource-policy must be one of same-origin, same-site, cross-origin, off; got "none"
            portcullis.headers.cross-origin-embedder-policy | on | portcullis.headers.cross-origin-embedder-policy must be one of require-corp, credentialless, unsafe-none, off; got "on"
            portcullis.headers.permissions-policy | `camera=(); geolocation=()` | portcullis.headers.permissions-policy must be a list of feature=(allowlist) entries such as camera=(), geolocation=(self), or off; got "camera=(); geolocation=()"
            portcullis.headers.permitted-cross-domain-policies | nothing | portcullis.headers.permitted-cross-domain-policies must be one of none, master-only, by-content-type, all, off; got "nothing"
            portcullis.headers.remove       | `X-Powered-By:` | portcullis.headers.remove entries must be tokens (RFC 9110 §5.6.2); got "X-Powered-By:"
            portcullis.headers.no-store-paths | `*` | portcullis.headers.no-store-paths entries must be /exact/path, /prefix/* or *.extension; got "*"
            portcullis.csp.policy           | `default-src self` | portcullis.csp.policy directive default-src has "self", which must be quoted: 'self'; got "default-src self"
            portcullis.csp.report-only-policy | `img-src *` | portcullis.csp.report-only-policy must contain default-src (or set portcullis.csp.dangerously-disable-default-src=true); got "img-src *"
            portcullis.csp.dangerously-disable-default-src | 1 | portcullis.csp.dangerously-disable-default-src must be true or false; got "1"
            portcullis.check.log            | no        | portcullis.check.log must be true or false; got "no"
            portcullis.report-only.https    | maybe     | portcullis.report-only.https must be true or false; got "maybe"
            portcullis.report-only.cookies  | 0         | portcullis.report-only.cookies must be true or false; got "0"
            """)
    void fromSettingsWhenBadValueThenNamesKeyQuotesValueListsAllowed(String key, String value, String message) {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> from(key, value)).withMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            portcullis.hsts.maxage                  | unknown key portcullis.hsts.maxage; did you mean portcullis.hsts.max-age?
            portcullis.hsts.includeSubDomains       | unknown key portcullis.hsts.includeSubDomains; did you mean portcullis.hsts.include-subdomains?
            portcullis.cookie.secure                | unknown key portcullis.cookie.secure; did you mean portcullis.cookies.secure?
            portcullis.csp.polcy                    | unknown key portcullis.csp.polcy; did you mean portcullis.csp.policy?
            portcullis.proxy.trusted-proxies        | unknown key portcullis.proxy.trusted-proxies; did you mean portcullis.proxy.trusted?
            portcullis.headers.x-frame-options      | unknown key portcullis.headers.x-frame-options; did you mean portcullis.headers.frame-options?
            """)
    void fromSettingsWhenUnknownKeyThenDidYouMean(String key, String message) {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> from(key, "true")).withMessage(message);
    }

    @Test
    void fromSettingsWhenOtherModulesKeysThenIgnored() {
        // the "upload" area is owned by a module on the class path (OtherModuleKeys stands in for upload-guard)
        assertThat(from("portcullis.upload.max-size", "10")).isEqualTo(HardeningPolicy.defaults());
    }

    @Test
    void fromSettingsWhenKeyOfAModuleThatIsNotDeployedThenFailsNamingTheArea() {
        // a configured protection whose module is missing is not silently ignored
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> from("portcullis.sendfile.backend", "nginx"))
                .withMessage("unknown key portcullis.sendfile.backend; no Portcullis module on the class path owns the area "
                        + "\"sendfile\" (is its jar deployed?)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `portcullis.hsts.preload=true,portcullis.hsts.include-subdomains=false` | portcullis.hsts.preload=true requires portcullis.hsts.max-age >= 31536000 and portcullis.hsts.include-subdomains=true; got max-age=31536000, include-subdomains=false
            `portcullis.hsts.preload=true,portcullis.hsts.max-age=600`             | portcullis.hsts.preload=true requires portcullis.hsts.max-age >= 31536000 and portcullis.hsts.include-subdomains=true; got max-age=600, include-subdomains=true
            `portcullis.hsts.preload=true,portcullis.hsts.clear=true`              | portcullis.hsts.clear=true contradicts portcullis.hsts.preload=true; set one of them
            `portcullis.cookies.same-site=None,portcullis.cookies.secure=off`      | portcullis.cookies.same-site=None requires Secure, but portcullis.cookies.secure=off
            `portcullis.cookies.same-site-overrides=sso=None,portcullis.cookies.secure=off` | portcullis.cookies.same-site-overrides gives sso SameSite=None, which requires Secure, but portcullis.cookies.secure=off
            `portcullis.cookies.partitioned=true,portcullis.cookies.secure=off`    | portcullis.cookies.partitioned=true requires Secure, but portcullis.cookies.secure=off
            """)
    void buildWhenContradictionThenFails(String settings, String message) {
        String[] kv = settings.replaceFirst("=", "\u0000").split(",");
        String[] a = kv[0].split("\u0000");
        String[] b = kv[1].split("=", 2);
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> from(a[0], a[1], b[0], b[1])).withMessage(message);
    }

    @Test
    void proxyHeadersWhenAutoWithTrustedProxiesThenRefusedBecauseTheClientWouldChoose() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> from("portcullis.proxy.trusted", "10.0.0.0/8", "portcullis.proxy.headers", "auto"))
                .withMessage("portcullis.proxy.headers=auto lets each request choose between Forwarded and X-Forwarded-*, so a client "
                        + "could send the family its proxy does not overwrite; with portcullis.proxy.trusted set, name the family the "
                        + "proxy sends: x-forwarded or forwarded");
        // positive controls: the default family, the other family, and auto without any trusted proxy
        assertThat(from("portcullis.proxy.trusted", "10.0.0.0/8").proxyHeaders()).isEqualTo(HardeningPolicy.ProxyHeaders.X_FORWARDED);
        assertThat(from("portcullis.proxy.trusted", "10.0.0.0/8", "portcullis.proxy.headers", "forwarded").proxyHeaders())
                .isEqualTo(HardeningPolicy.ProxyHeaders.FORWARDED);
        assertThat(from("portcullis.proxy.headers", "auto").trustedProxies()).isEmpty();
    }

    @Test
    void proxyHeadersWhenContainerWithTrustedProxiesThenRefusedBecauseTheContainerTrustsTheProxy() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> from("portcullis.proxy.trusted", "10.0.0.0/8", "portcullis.proxy.headers", "container"))
                .withMessage("portcullis.proxy.headers=container means the container applies the forwarding headers (Tomcat "
                        + "RemoteIpValve, Jetty ForwardedRequestCustomizer, Spring Boot server.forward-headers-strategy=native) "
                        + "and trusts the proxy itself, so portcullis.proxy.trusted must be empty; got "
                        + "portcullis.proxy.trusted=\"10.0.0.0/8\"");
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> HardeningPolicy.builder()
                .trustedProxies(List.of("10.0.0.0/8")).proxyHeaders(HardeningPolicy.ProxyHeaders.CONTAINER).build())
                .withMessageStartingWith("portcullis.proxy.headers=container means the container applies");
        // positive control: container without trusted proxies
        assertThat(from("portcullis.proxy.headers", "container").proxyHeaders()).isEqualTo(HardeningPolicy.ProxyHeaders.CONTAINER);
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> from("portcullis.proxy.headers", "containers"))
                .withMessage("portcullis.proxy.headers must be one of auto, forwarded, x-forwarded, container; got \"containers\"");
    }

    @Test
    void builderWhenInvalidThenSameMessagesAsKeys() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> HardeningPolicy.builder().hstsMaxAge(0).build())
                .withMessage("portcullis.hsts.max-age must be an integer in [1, 63072000] (to undo HSTS use portcullis.hsts.clear=true); got \"0\"");
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> HardeningPolicy.builder().redirectStatusForOther(301).build())
                .withMessage("portcullis.https.other-status must be one of 307, 308 (they keep the method and body); got \"301\"");
    }

    @Test
    void fromSettingsWhenInitParamFileAndSystemPropertyThenSystemWins(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.properties");
        Files.writeString(file, "portcullis.hsts.max-age=100\nportcullis.https.get-status=302\n");
        String old = System.setProperty("portcullis.hsts.max-age", "300");
        try {
            Settings s = Settings.load(Fakes.map("portcullis.config.file", file.toString(), "portcullis.hsts.max-age", "200",
                    "portcullis.https.get-status", "303"), "init-param", getClass().getClassLoader());
            HardeningPolicy p = HardeningPolicy.fromSettings(s);
            assertThat(p.hstsMaxAge()).isEqualTo(300);
            assertThat(p.redirectStatusForGet()).isEqualTo(303);
        } finally {
            if (old == null) {
                System.clearProperty("portcullis.hsts.max-age");
            } else {
                System.setProperty("portcullis.hsts.max-age", old);
            }
        }
    }

    @Test
    void docsWhenKeysTableThenEveryKeyWithItsDefaultListed() throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("hardening-filters.md");
        String text = Files.readString(doc);
        for (Map.Entry<String, String> e : HardeningPolicy.KEYS.entrySet()) {
            assertThat(text).as("docs list " + e.getKey()).contains("| `" + e.getKey() + "` |");
        }
        assertThat(List.of()).isEmpty();
    }
}
