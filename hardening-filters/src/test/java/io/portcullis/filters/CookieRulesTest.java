package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.HardeningPolicy.CookieSecure;
import io.portcullis.filters.HardeningPolicy.SameSite;
import io.portcullis.core.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieRulesTest {

    private static final CookieRules DEFAULTS = new CookieRules(HardeningPolicy.defaults());

    /** input | secure request | output, under the default policy. */
    @ParameterizedTest(name = "{0} (secure={1})")
    @CsvSource(delimiter = '|', textBlock = """
            a=1                                     | true  | a=1; SameSite=Lax; Secure; HttpOnly
            a=1                                     | false | a=1; SameSite=Lax; HttpOnly
            a=1; Secure                             | false | a=1; Secure; SameSite=Lax; HttpOnly
            a=1; SameSite=Strict                    | true  | a=1; SameSite=Strict; Secure; HttpOnly
            a=1; samesite=strict                    | true  | a=1; SameSite=Strict; Secure; HttpOnly
            a=1; SameSite=None                      | false | a=1; SameSite=None; Secure; HttpOnly
            a=1; SameSite=Strict; SameSite=None     | false | a=1; SameSite=None; Secure; HttpOnly
            a=1; SameSite=Bogus                     | true  | a=1; SameSite=Lax; Secure; HttpOnly
            a=1; secure; httponly; SameSite=Lax     | true  | a=1; secure; httponly; SameSite=Lax
            __Secure-a=1                            | false | __Secure-a=1; SameSite=Lax; Secure; HttpOnly
            __secure-a=1                            | false | __secure-a=1; SameSite=Lax; Secure; HttpOnly
            __Host-a=1; Domain=example.com; Path=/x | false | __Host-a=1; SameSite=Lax; Path=/; Secure; HttpOnly
            __Host-a=1; Path=/                      | true  | __Host-a=1; Path=/; SameSite=Lax; Secure; HttpOnly
            __HOST-a=1; Path=/; Path=/y             | true  | __HOST-a=1; SameSite=Lax; Path=/; Secure; HttpOnly
            id=7; Expires=Wed, 21 Oct 2015 07:28:00 GMT | true | id=7; Expires=Wed, 21 Oct 2015 07:28:00 GMT; SameSite=Lax; Secure; HttpOnly
            """)
    void applyWhenDefaultPolicyThenHardened(String in, boolean secure, String out) {
        assertThat(DEFAULTS.apply(SetCookie.parse(in), secure).cookie().toString()).isEqualTo(out);
    }

    @Test
    void applyWhenAlreadyHardenedThenNoChanges() {
        assertThat(DEFAULTS.apply(SetCookie.parse("a=1; SameSite=Lax; Secure; HttpOnly"), true).changes()).isEmpty();
    }

    @Test
    void applyWhenExemptFromHttpOnlyThenScriptsCanReadIt() {
        CookieRules rules = new CookieRules(HardeningPolicy.builder().cookieHttpOnlyExempt(List.of("XSRF-TOKEN")).build());
        assertThat(rules.apply(SetCookie.parse("XSRF-TOKEN=t"), true).cookie().toString()).isEqualTo("XSRF-TOKEN=t; SameSite=Lax; Secure");
        assertThat(rules.apply(SetCookie.parse("other=t"), true).cookie().toString()).isEqualTo("other=t; SameSite=Lax; Secure; HttpOnly");
    }

    @Test
    void applyWhenOverrideForNameThenOverrideWinsOverApp() {
        CookieRules rules = new CookieRules(HardeningPolicy.builder().cookieSameSiteOverrides(Map.of("sso", SameSite.NONE)).build());
        assertThat(rules.apply(SetCookie.parse("sso=1; SameSite=Strict"), false).cookie().toString())
                .isEqualTo("sso=1; SameSite=None; Secure; HttpOnly");
    }

    @Test
    void applyWhenSecureAlwaysThenSecureOverPlainHttp() {
        CookieRules rules = new CookieRules(HardeningPolicy.builder().cookieSecure(CookieSecure.ALWAYS).build());
        assertThat(rules.apply(SetCookie.parse("a=1"), false).cookie().toString()).isEqualTo("a=1; SameSite=Lax; Secure; HttpOnly");
    }

    @Test
    void applyWhenSecureOffThenPrefixRulesStillApply() {
        CookieRules rules = new CookieRules(HardeningPolicy.builder().cookieSecure(CookieSecure.OFF).build());
        assertThat(rules.apply(SetCookie.parse("a=1"), true).cookie().toString()).isEqualTo("a=1; SameSite=Lax; HttpOnly");
        assertThat(rules.apply(SetCookie.parse("__Host-a=1"), true).cookie().toString()).isEqualTo("__Host-a=1; SameSite=Lax; Path=/; Secure; HttpOnly");
    }

    @Test
    void applyWhenPartitionedThenPartitionedAndSecure() {
        CookieRules rules = new CookieRules(HardeningPolicy.builder().cookiePartitioned(true).build());
        assertThat(rules.apply(SetCookie.parse("a=1"), false).cookie().toString()).isEqualTo("a=1; SameSite=Lax; Secure; HttpOnly; Partitioned");
    }

    @Test
    void applyWhenSameSiteOffThenAppValueKeptAndNoneAdded() {
        CookieRules rules = new CookieRules(HardeningPolicy.builder().cookieSameSite(SameSite.OFF).build());
        assertThat(rules.apply(SetCookie.parse("a=1"), true).cookie().toString()).isEqualTo("a=1; Secure; HttpOnly");
        assertThat(rules.apply(SetCookie.parse("a=1; SameSite=Strict"), true).cookie().toString()).isEqualTo("a=1; SameSite=Strict; Secure; HttpOnly");
    }

    /**
     * The fast path for a cookie without attributes gives the same line as the general rewrite, for
     * every valid combination of the cookie settings, names with and without the prefixes or an
     * override or exemption, and plain and secure requests.
     */
    @Test
    void bareWhenCookieHasNoAttributesThenSameLineAsTheGeneralRewrite() {
        int compared = 0;
        for (CookieSecure secure : CookieSecure.values()) {
            for (SameSite sameSite : SameSite.values()) {
                for (int flags = 0; flags < 8; flags++) {
                    CookiePolicy policy;
                    try {
                        policy = new CookiePolicy(secure, (flags & 1) != 0, List.of("x"), sameSite,
                                (flags & 4) != 0 ? Map.of("sso", SameSite.NONE) : Map.of(), (flags & 2) != 0, true,
                                false);
                    } catch (ConfigException e) {
                        continue; // e.g. Partitioned or SameSite=None without Secure
                    }
                    CookieRules rules = new CookieRules(policy);
                    for (String name : List.of("id", "x", "sso", "__Host-a", "__secure-b")) {
                        for (boolean secureRequest : new boolean[] {false, true}) {
                            String general = rules.rewrite(name, "v", new ArrayList<>(), secureRequest, null);
                            String expected = general != null ? general : SetCookie.format(name, "v", List.of());
                            assertThat(rules.bare(name, "v", secureRequest))
                                    .as("%s %s %s %s", policy, name, secureRequest, expected).isEqualTo(expected);
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(300);
    }
}
