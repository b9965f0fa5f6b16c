package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.core.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Structural equality, generated from {@link HardeningPolicy#KEYS}: a policy that differs from
 * another in any single key is unequal to it, and two policies built from the same keys are
 * equal (with equal hash codes). A new key without an entry in {@link #OTHER} fails the build.
 */
class HardeningPolicyEqualityTest {

    /** For every key, a valid value other than its default (valid on its own, with every other key at its default). */
    static final Map<String, String> OTHER = Fakes.map(
            "portcullis.https.redirect", "false",
            "portcullis.https.get-status", "302",
            "portcullis.https.other-status", "307",
            "portcullis.https.port-map", "80:443,8080:9443",
            "portcullis.https.exempt", "/health",
            "portcullis.hosts.allowed", "example.com",
            "portcullis.hosts.canonical", "www.example.com",
            "portcullis.report-only.https", "true",
            "portcullis.proxy.trusted", "10.0.0.0/8",
            "portcullis.proxy.headers", "forwarded",
            "portcullis.hsts.enabled", "false",
            "portcullis.hsts.max-age", "600",
            "portcullis.hsts.include-subdomains", "false",
            "portcullis.hsts.preload", "true",
            "portcullis.hsts.clear", "true",
            "portcullis.cookies.secure", "always",
            "portcullis.cookies.http-only", "false",
            "portcullis.cookies.http-only-exempt", "XSRF-TOKEN",
            "portcullis.cookies.same-site", "Strict",
            "portcullis.cookies.same-site-overrides", "sso=None",
            "portcullis.cookies.partitioned", "true",
            "portcullis.cookies.session", "false",
            "portcullis.report-only.cookies", "true",
            "portcullis.headers.content-type-options", "off",
            "portcullis.headers.frame-options", "SAMEORIGIN",
            "portcullis.headers.referrer-policy", "same-origin",
            "portcullis.headers.cross-origin-opener-policy", "same-origin-allow-popups",
            "portcullis.headers.cross-origin-resource-policy", "same-site",
            "portcullis.headers.cross-origin-embedder-policy", "require-corp",
            // same "permissions=on" in toString as the default: the old toString-based equals called these equal
            "portcullis.headers.permissions-policy", "camera=()",
            "portcullis.headers.permitted-cross-domain-policies", "master-only",
            "portcullis.headers.no-store-paths", "/account/*",
            "portcullis.headers.remove", "X-Powered-By",
            "portcullis.csp.policy", "default-src 'self'",
            "portcullis.csp.report-only-policy", "default-src 'none'",
            "portcullis.csp.dangerously-disable-default-src", "true",
            "portcullis.check.log", "false");

    private static HardeningPolicy with(String key) {
        return HardeningPolicy.fromSettings(Settings.of(Fakes.map(key, OTHER.get(key))));
    }

    static Stream<String> keys() {
        return HardeningPolicy.KEYS.keySet().stream();
    }

    @Test
    void keysWhenListedThenEveryKeyHasAnOtherValue() {
        assertThat(OTHER.keySet()).containsExactlyInAnyOrderElementsOf(HardeningPolicy.KEYS.keySet());
        OTHER.forEach((k, v) -> assertThat(v).as(k).isNotEqualTo(HardeningPolicy.KEYS.get(k)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void equalsWhenOneKeyDiffersFromDefaultsThenUnequal(String key) {
        HardeningPolicy changed = with(key);
        assertThat(changed).isNotEqualTo(HardeningPolicy.defaults());
        assertThat(HardeningPolicy.defaults()).isNotEqualTo(changed);
        // positive control: the same key set twice, and a toBuilder copy, are equal with the same hash
        assertThat(with(key)).isEqualTo(changed).hasSameHashCodeAs(changed);
        assertThat(changed.toBuilder().build()).isEqualTo(changed).hasSameHashCodeAs(changed);
    }

    static Stream<Arguments> pairs() {
        List<String> keys = new ArrayList<>(HardeningPolicy.KEYS.keySet());
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
                out.add(Arguments.of(keys.get(i), keys.get(j)));
            }
        }
        return out.stream();
    }

    @Test
    void equalsWhenTwoPoliciesDifferInAnySingleKeyThenUnequal() {
        Map<String, HardeningPolicy> byKey = new LinkedHashMap<>();
        keys().forEach(k -> byKey.put(k, with(k)));
        pairs().forEach(a -> {
            String k1 = (String) a.get()[0];
            String k2 = (String) a.get()[1];
            assertThat(byKey.get(k1)).as(k1 + " vs " + k2).isNotEqualTo(byKey.get(k2));
        });
    }

    @Test
    void equalsWhenToStringIsTheSameButPermissionsPolicyDiffersThenUnequal() {
        HardeningPolicy a = HardeningPolicy.builder().permissionsPolicy("camera=()").build();
        HardeningPolicy b = HardeningPolicy.builder().permissionsPolicy("geolocation=()").build();
        assertThat(a.toString()).isEqualTo(b.toString());
        assertThat(a).isNotEqualTo(b);
    }
}
