package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.portcullis.core.ConfigException;
import io.portcullis.filters.HardeningPolicy.CookieSecure;
import io.portcullis.filters.HardeningPolicy.ProxyHeaders;
import io.portcullis.filters.HardeningPolicy.SameSite;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzz targets for the request and response headers hardening-filters reads:
 * Host / Forwarded / X-Forwarded-* (the effective request), Set-Cookie (parsing and the cookie
 * rules) and the Content-Security-Policy (validation and nonce insertion). Each asserts the
 * properties the filter relies on. {@code mvn verify} replays the stored inputs under
 * {@code src/test/resources/io/portcullis/filters/HeaderFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/fuzzing.md).
 */
class HeaderFuzzTest {

    private static final List<Cidr> TRUSTED = List.of(Cidr.parse("127.0.0.1/32"), Cidr.parse("10.0.0.0/8"));
    private static final String[] PEERS = {"127.0.0.1", "10.0.0.2", "203.0.113.9", "::1", "2001:db8::5"};
    private static final String[] FORWARDING = {"Forwarded", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port",
        "X-Forwarded-For"};
    private static final Pattern IPV6_HOST = Pattern.compile("\\[[0-9a-f:.]+\\]");

    /**
     * Any Host and forwarding headers from any peer, in either proxy mode: the scheme is http or
     * https, the port in 1..65535, the host (when there is one) in the host grammar and read back
     * unchanged by {@link HostPort#parse}, secure exactly when the socket or the effective scheme
     * is; and from a peer that is not trusted the forwarding headers change nothing.
     */
    @FuzzTest(maxDuration = "10m")
    void effectiveRequestStaysInTheHostGrammarAndIgnoresUntrustedForwarding(FuzzedDataProvider data) {
        ProxyHeaders mode = data.consumeBoolean() ? ProxyHeaders.FORWARDED : ProxyHeaders.X_FORWARDED;
        String peer = data.pickValue(PEERS);
        boolean socketSecure = data.consumeBoolean();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (data.consumeBoolean()) {
            headers.put("Host", List.of(data.consumeString(80)));
        }
        for (String name : FORWARDING) {
            int fields = data.consumeInt(0, 2);
            for (int i = 0; i < fields; i++) {
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(data.consumeString(120));
            }
        }
        String lone = data.consumeRemainingAsString();
        HostPort direct = HostPort.parse(lone);
        if (direct != null) {
            assertHostGrammar(direct.host);
            assertThat(direct.port == -1 || direct.port >= 1 && direct.port <= 65535).as(lone).isTrue();
            HostPort again = HostPort.parse(direct.toString());
            assertThat(again).isNotNull();
            assertThat(again.host).isEqualTo(direct.host);
            assertThat(again.port).isEqualTo(direct.port);
        }

        ProxyResolver resolver = new ProxyResolver(TRUSTED, mode);
        EffectiveRequest e = resolver.compute(request(peer, socketSecure, headers));
        assertThat(e.scheme()).isIn("http", "https");
        assertThat(e.port()).isBetween(1, 65535);
        e.host().ifPresent(HeaderFuzzTest::assertHostGrammar);
        assertThat(e.isSecure()).isEqualTo(socketSecure || e.scheme().equals("https"));
        assertThat(e.clientAddress()).isNotNull();

        Map<String, List<String>> socketOnly = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers.containsKey("Host")) {
            socketOnly.put("Host", headers.get("Host"));
        }
        EffectiveRequest socket = resolver.compute(request(peer, socketSecure, socketOnly));
        if (!resolver.isTrusted(peer) || socketOnly.size() == headers.size()) {
            assertThat(e.scheme()).isEqualTo(socket.scheme());
            assertThat(e.host()).isEqualTo(socket.host());
            assertThat(e.port()).isEqualTo(socket.port());
            assertThat(e.clientAddress()).isEqualTo(peer);
            assertThat(e.isSecure()).isEqualTo(socketSecure);
            assertThat(e.viaTrustedProxy()).isFalse();
        }
    }

    /**
     * Any Set-Cookie line under any cookie policy: the rewritten line keeps the name and value,
     * carries exactly one valid SameSite, Secure and HttpOnly where the policy asks for them and the
     * {@code __Host-} rules; parses back to the same cookie, so the rules change nothing a second
     * time; and when the application's line was well formed (RFC 6265 §4.1.1) so is the rewrite.
     */
    @FuzzTest(maxDuration = "10m")
    void rewrittenSetCookieKeepsNameValueAndCarriesThePolicy(FuzzedDataProvider data) {
        CookieSecure secure = data.pickValue(CookieSecure.values());
        SameSite sameSite = data.pickValue(secure == CookieSecure.OFF
                ? new SameSite[] {SameSite.LAX, SameSite.STRICT, SameSite.OFF} : SameSite.values());
        boolean httpOnly = data.consumeBoolean();
        boolean partitioned = secure != CookieSecure.OFF && data.consumeBoolean();
        boolean secureRequest = data.consumeBoolean();
        String header = data.consumeRemainingAsString();
        SetCookie in = SetCookie.parse(header);
        Map<String, SameSite> overrides = in.name.isEmpty() || !data.consumeBoolean() ? Map.of()
                : Map.of(in.name, secure == CookieSecure.OFF ? SameSite.STRICT : SameSite.NONE);
        CookiePolicy policy = new CookiePolicy(secure, httpOnly, List.of("readable"), sameSite, overrides, partitioned,
                true, false);
        CookieRules rules = new CookieRules(policy);

        List<SetCookie.Attribute> attrs = new ArrayList<>(in.attributes);
        String line = rules.rewrite(in.name, in.value, attrs, secureRequest, null);
        String out = line != null ? line : SetCookie.format(in.name, in.value, attrs);
        SetCookie back = SetCookie.parse(out);
        assertThat(back.name).isEqualTo(in.name);
        assertThat(back.value).isEqualTo(in.value);
        assertThat(back.attributes).isEqualTo(attrs);
        assertThat(rules.rewrite(back.name, back.value, new ArrayList<>(back.attributes), secureRequest, null))
                .as("second rewrite of %s", out).isNull();

        String appSameSite = in.last("SameSite");
        SameSite expected = overrides.containsKey(in.name) ? overrides.get(in.name)
                : valid(appSameSite) != null ? valid(appSameSite) : sameSite == SameSite.OFF ? null : sameSite;
        if (expected != null) {
            assertThat(back.attributes.stream().filter(a -> a.is("SameSite")).map(SetCookie.Attribute::value).toList())
                    .containsExactly(expected.token());
        }
        boolean hostPrefix = in.name.regionMatches(true, 0, "__Host-", 0, 7);
        boolean wantSecure = secure == CookieSecure.ALWAYS || secure == CookieSecure.WHEN_SECURE && secureRequest
                || expected == SameSite.NONE || hostPrefix || in.name.regionMatches(true, 0, "__Secure-", 0, 9)
                || partitioned;
        if (wantSecure) {
            assertThat(back.has("Secure")).as(out).isTrue();
        }
        if (httpOnly && !in.name.equals("readable")) {
            assertThat(back.has("HttpOnly")).as(out).isTrue();
        }
        if (partitioned) {
            assertThat(back.has("Partitioned")).as(out).isTrue();
        }
        if (hostPrefix) {
            assertThat(back.has("Domain")).as(out).isFalse();
            assertThat(back.attributes.stream().filter(a -> a.is("Path")).map(SetCookie.Attribute::value).toList())
                    .containsExactly("/");
        }
        for (SetCookie.Attribute a : in.attributes) {
            if (!a.is("SameSite") && !(hostPrefix && (a.is("Domain") || a.is("Path")))) {
                assertThat(back.attributes).as("kept %s in %s", a, out).contains(a);
            }
        }
        if (strict(header)) {
            assertThat(strict(out)).as("well-formed %s became %s", header, out).isTrue();
        }
    }

    /**
     * Any policy text: refused with a {@link ConfigException} naming the key, or a policy whose
     * header parses again with the same directives, with the request's nonce in every directive
     * that asked for it and nowhere else, and never a {@code ,} (a second policy) or a control
     * character.
     */
    @FuzzTest(maxDuration = "10m")
    void cspIsRefusedWithItsKeyOrRendersAParsablePolicyWithTheNonce(FuzzedDataProvider data) {
        boolean waiver = data.consumeBoolean();
        String nonce = Base64.getEncoder().encodeToString(data.consumeBytes(16));
        String text = data.consumeRemainingAsString();
        Csp csp;
        try {
            csp = Csp.parse("portcullis.csp.policy", text, waiver);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("portcullis.csp.policy ");
            return;
        }
        Map<String, List<String>> template = directives(csp.toString());
        String plain = csp.render(null);
        String withNonce = csp.render(nonce);
        for (String header : List.of(plain, withNonce)) {
            assertThat(header).doesNotContain(",", Csp.NONCE);
            assertThat(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as(header).isTrue();
            Csp again = Csp.parse("portcullis.csp.policy", header, waiver);
            assertThat(directives(again.toString()).keySet()).isEqualTo(template.keySet());
        }
        String source = "'nonce-" + nonce + "'";
        Map<String, List<String>> rendered = directives(withNonce);
        template.forEach((name, values) -> {
            List<String> expected = values.stream().map(v -> v.equals(Csp.NONCE) ? source : v).toList();
            assertThat(rendered.get(name)).as(withNonce).isEqualTo(expected);
        });
        assertThat(csp.usesNonce()).isEqualTo(template.values().stream().anyMatch(v -> v.contains(Csp.NONCE)));
    }

    private static Map<String, List<String>> directives(String header) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String d : header.split(";")) {
            String[] tokens = d.trim().split(" ");
            out.put(tokens[0], List.of(tokens).subList(1, tokens.length));
        }
        return out;
    }

    private static SameSite valid(String token) {
        for (SameSite s : SameSite.values()) {
            if (s != SameSite.OFF && s.token().equalsIgnoreCase(token)) {
                return s;
            }
        }
        return null;
    }

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern COOKIE_VALUE = Pattern.compile("[!#-+\\--:<-\\[\\]-~]*|\"[!#-+\\--:<-\\[\\]-~]*\"");
    private static final Pattern AV_VALUE = Pattern.compile("[ -:<-~]*");

    /** RFC 6265 §4.1.1 set-cookie-string: token name, cookie-octet value, "; "-separated printable attributes. */
    private static boolean strict(String line) {
        String[] parts = line.split("; ", -1);
        int eq = parts[0].indexOf('=');
        if (eq < 0 || !TOKEN.matcher(parts[0].substring(0, eq)).matches()
                || !COOKIE_VALUE.matcher(parts[0].substring(eq + 1)).matches()) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            int e = p.indexOf('=');
            String name = e < 0 ? p : p.substring(0, e);
            if (!TOKEN.matcher(name).matches() || e >= 0 && !AV_VALUE.matcher(p.substring(e + 1)).matches()
                    || p.endsWith(" ") || e >= 0 && p.substring(e + 1).startsWith(" ")) {
                return false;
            }
        }
        return true;
    }

    private static void assertHostGrammar(String host) {
        assertThat(HostPort.isName(host) || IPV6_HOST.matcher(host).matches()).as("host %s", host).isTrue();
    }

    /** A request from {@code peer} carrying {@code headers}: only what the resolver reads. */
    private static HttpServletRequest request(String peer, boolean secure, Map<String, List<String>> headers) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(HeaderFuzzTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "isSecure" -> secure;
                    case "getServerName" -> "localhost";
                    case "getHeader" -> headers.containsKey((String) args[0]) ? headers.get((String) args[0]).get(0) : null;
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
