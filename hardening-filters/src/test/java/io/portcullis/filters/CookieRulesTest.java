package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.HardeningPolicy.CookieSecure;
import io.portcullis.filters.HardeningPolicy.SameSite;
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
}
