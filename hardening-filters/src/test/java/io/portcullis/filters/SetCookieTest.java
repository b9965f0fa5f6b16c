package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetCookieTest {

    /** input | name | value | attributes (toString) | round trip. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a=1                                              | a    | 1            | []
            a=1; Path=/; Secure; HttpOnly                    | a    | 1            | [Path=/, Secure, HttpOnly]
            a="quoted value"; Path=/                         | a    | "quoted value" | [Path=/]
            a="x; Secure"                                    | a    | "x           | [Secure"]
            id=7; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/ | id | 7          | [Expires=Wed, 21 Oct 2015 07:28:00 GMT, Path=/]
            a=1; path=/a; PATH=/b                            | a    | 1            | [path=/a, PATH=/b]
            a=1; samesite=none; SECURE                       | a    | 1            | [samesite=none, SECURE]
            a=1;;  ; Max-Age=60                              | a    | 1            | [Max-Age=60]
            a=b=c; Domain=example.com                        | a    | b=c          | [Domain=example.com]
            noequals; Secure                                 | ``   | noequals     | [Secure]
            `  sp = v ;Secure`                               | sp   | v            | [Secure]
            a=                                               | a    | ``           | []
            a=1; Comment=x=y                                 | a    | 1            | [Comment=x=y]
            """)
    void parseWhenOddInputThenLikeBrowsers(String input, String name, String value, String attributes) {
        SetCookie c = SetCookie.parse(input);
        assertThat(c.name).isEqualTo(name);
        assertThat(c.value).isEqualTo(value);
        assertThat(c.attributes.toString()).isEqualTo(attributes);
    }

    /** Found by HeaderFuzzTest: an attribute of control characters only was kept as "" and lost on the way back. */
    @Test
    void parseWhenAttributeIsOnlyControlCharactersThenSkipped() {
        SetCookie c = SetCookie.parse("a=1; \u0000\u0001; Secure");
        assertThat(c.attributes.toString()).isEqualTo("[Secure]");
        assertThat(SetCookie.parse(c.toString()).attributes).isEqualTo(c.attributes);
    }

    /** Found by HeaderFuzzTest: "=a=b" (no name, value a=b) was written back as "a=b", the cookie "a". */
    @Test
    void formatWhenNamelessValueHasEqualsThenKeepsTheEmptyName() {
        SetCookie c = SetCookie.parse("=a=b; Path=/");
        assertThat(c.name).isEmpty();
        assertThat(c.toString()).isEqualTo("=a=b; Path=/");
        assertThat(SetCookie.parse(c.toString()).name).isEmpty();
        assertThat(SetCookie.parse("noequals").toString()).isEqualTo("noequals");
    }

    @Test
    void lastWhenDuplicateAttributesThenLastWins() {
        SetCookie c = SetCookie.parse("a=1; SameSite=Strict; samesite=None; Path=/x; Path=/y");
        assertThat(c.last("SameSite")).isEqualTo("None");
        assertThat(c.last("path")).isEqualTo("/y");
        assertThat(c.last("Secure")).isNull();
        assertThat(SetCookie.parse("a=1; secure").last("Secure")).isEmpty();
    }

    @Test
    void ofWhenCookieObjectThenServletAttributesSerialized() {
        Cookie c = new Cookie("sid", "abc");
        c.setPath("/");
        c.setDomain("Example.com");
        c.setMaxAge(0);
        c.setSecure(true);
        c.setHttpOnly(false);
        c.setAttribute("SameSite", "Strict");
        c.setAttribute("Partitioned", "");
        assertThat(SetCookie.of(c).toString())
                .isEqualTo("sid=abc; Domain=example.com; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Partitioned; Path=/; "
                        + "SameSite=Strict; Secure");
    }

    @Test
    void ofWhenSessionLifetimeCookieThenNoMaxAge() {
        assertThat(SetCookie.of(new Cookie("a", "1")).toString()).isEqualTo("a=1");
    }

    @ParameterizedTest(name = "value {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `x; Secure`  | The value of cookie a contains an invalid character 0x3b
            `x\r\nSet-Cookie: b=2` | The value of cookie a contains an invalid character 0x0d
            `a b`        | The value of cookie a contains an invalid character 0x20
            `café`     | The value of cookie a contains an invalid character 0xe9
            """)
    void ofWhenValueWouldSplitHeaderThenRefused(String value, String message) {
        Cookie c = new Cookie("a", value.replace("\\r", "\r").replace("\\n", "\n"));
        assertThatIllegalArgumentException().isThrownBy(() -> SetCookie.of(c)).withMessage(message);
    }
}
