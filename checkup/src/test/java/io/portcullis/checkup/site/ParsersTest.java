package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Set-Cookie (RFC 6265bis §5.6) and Strict-Transport-Security (RFC 6797 §6.1) parsing. */
class ParsersTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "JSESSIONID=abc; Path=/; Secure; HttpOnly; SameSite=Lax | JSESSIONID | true  | true  | Lax   | /    | NULL",
        "id=1                                                   | id         | false | false | NULL  | NULL | NULL",
        "a=b; secure; httponly; samesite=strict                 | a          | true  | true  | strict| NULL | NULL",
        "a=b; SameSite                                          | a          | false | false | ''    | NULL | NULL",
        "a=b; SameSite=Lux; Domain=example.com                  | a          | false | false | Lux   | NULL | example.com",
        "secure=1; Path=/x                                      | secure     | false | false | NULL  | /x   | NULL",
        "a=b;Secure;HttpOnly                                    | a          | true  | true  | NULL  | NULL | NULL",
    })
    void setCookie(String header, String name, boolean secure, boolean httpOnly, String sameSite, String path,
                   String domain) {
        SetCookie c = SetCookie.parse(header).orElseThrow();
        assertThat(c.name()).isEqualTo(name);
        assertThat(c.secure()).as("secure").isEqualTo(secure);
        assertThat(c.httpOnly()).as("httpOnly").isEqualTo(httpOnly);
        assertThat(c.sameSite()).as("sameSite").isEqualTo(sameSite);
        assertThat(c.path()).as("path").isEqualTo(path);
        assertThat(c.domain()).as("domain").isEqualTo(domain);
    }

    @Test
    void cookieWithoutNameValuePairIsIgnored() {
        assertThat(SetCookie.parse(";")).isEmpty(); // found by SiteFuzzTest: ArrayIndexOutOfBoundsException
        assertThat(SetCookie.parse(";;;")).isEmpty();
        CookieJar jar = new CookieJar();
        jar.store(new Response(java.net.URI.create("https://a.test/"), 200, java.util.Map.of("Set-Cookie", List.of(";")), ""));
        assertThat(jar.all()).isEmpty();
        assertThat(SetCookie.parse("Secure; HttpOnly")).isEmpty();
        assertThat(SetCookie.parse("=x")).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "JSESSIONID  | true  | true  | false",
        "SESSION     | true  | true  | false",
        "user_login  | true  | true  | false",
        "csrftoken   | false | false | true",
        "XSRF-TOKEN  | false | false | false",
        "auth_token  | false | true  | false",
        "remember-me | false | true  | false",
        "theme       | false | false | false",
    })
    void sessionAndCsrfNames(String name, boolean observatorySession, boolean authenticates, boolean antiCsrf) {
        SetCookie c = SetCookie.parse(name + "=v").orElseThrow();
        assertThat(c.observatorySession()).as("observatory session").isEqualTo(observatorySession);
        assertThat(c.authenticates()).as("authenticates").isEqualTo(authenticates);
        assertThat(c.observatoryAntiCsrf()).as("anti-CSRF").isEqualTo(antiCsrf);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "max-age=31536000; includeSubDomains; preload | 31536000 | true  | true",
        "max-age=\"600\"                              | 600      | false | false",
        "MAX-AGE=0                                    | 0        | false | false",
        "includesubdomains ; max-age=15552000 ; foo=bar | 15552000 | true | false",
    })
    void hsts(String header, long maxAge, boolean sub, boolean preload) throws Exception {
        Hsts h = Hsts.parse(List.of(header));
        assertThat(h.maxAge()).isEqualTo(maxAge);
        assertThat(h.includeSubDomains()).isEqualTo(sub);
        assertThat(h.preload()).isEqualTo(preload);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "includeSubDomains                       | no max-age",
        "max-age=abc                             | not a number",
        "max-age=-5                              | not a number",
        "max-age=1; max-age=2                    | appears twice",
        "max-age=31536000, max-age=0             | comma",
    })
    void invalidHsts(String header, String reason) {
        assertThatThrownBy(() -> Hsts.parse(List.of(header))).hasMessageContaining(reason);
    }

    @Test
    void hstsSentTwiceIsInvalid() {
        assertThatThrownBy(() -> Hsts.parse(List.of("max-age=1", "max-age=2"))).hasMessageContaining("2 times");
    }

    @Test
    void preloadEligibilityNeedsAYearAndSubdomains() throws Exception {
        assertThat(Hsts.parse(List.of("max-age=31536000; includeSubDomains; preload")).preloadEligible()).isTrue();
        assertThat(Hsts.parse(List.of("max-age=31535999; includeSubDomains; preload")).preloadEligible()).isFalse();
        assertThat(Hsts.parse(List.of("max-age=31536000; preload")).preloadEligible()).isFalse();
    }

    @Test
    void rawResponseIsParsedAndDechunked() throws Exception {
        byte[] raw = ("HTTP/1.1 200 OK\r\nContent-Type: message/http\r\nTransfer-Encoding: chunked\r\n"
                + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Response r = Http.parseRaw(java.net.URI.create("http://h/"), raw);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.all("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(r.body()).isEqualTo("hello world");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1 405 X\\r\\nContent-Length: 3\\r\\n\\r\\nabc       | true",
        "HTTP/1.1 405 X\\r\\nContent-Length: 3\\r\\n\\r\\nab        | false",
        "HTTP/1.1 200 X\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1\\r\\na\\r\\n0\\r\\n\\r\\n | true",
        "HTTP/1.1 200 X\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1\\r\\na\\r\\n | false",
        "HTTP/1.1 304 X\\r\\nETag: x\\r\\n\\r\\n                  | true",
        "HTTP/1.1 200 X\\r\\nConnection: close\\r\\n\\r\\nuntil EOF | false",
        "HTTP/1.1 200 X\\r\\nContent-Le                          | false",
    })
    void rawResponseKnowsWhenItIsComplete(String raw, boolean complete) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        buf.writeBytes(raw.replace("\\r", "\r").replace("\\n", "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(Http.complete(buf)).isEqualTo(complete);
    }

    @Test
    void nonHttpAnswerIsAnError() {
        assertThatThrownBy(() -> Http.parseRaw(java.net.URI.create("http://h/"), "SSH-2.0-OpenSSH\r\n".getBytes()))
                .hasMessageContaining("not an HTTP response");
    }

    /** Found by SiteFuzzTest: a signed or oversized chunk size threw IndexOutOfBoundsException out of the audit. */
    @Test
    void rawResponseWithSignedOrHugeChunkSizeKeepsWhatArrived() throws Exception {
        java.net.URI u = java.net.URI.create("http://a.test/");
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertThat(Http.parseRaw(u, (head + "-5\r\nabcdefgh\r\n0\r\n\r\n").getBytes()).body()).isEmpty();
        assertThat(Http.parseRaw(u, (head + "7fffffff\r\nabcdefgh").getBytes()).body()).isEqualTo("abcdefgh");
        assertThat(Http.parseRaw(u, (head + "3\r\nabc\r\n0\r\n\r\n").getBytes()).body()).isEqualTo("abc");
        // found by the 10-minute run: a chunk-size line of only ";" and a head of only line ends threw
        assertThat(Http.parseRaw(u, (head + ";\r\nabc").getBytes()).body()).isEmpty();
        assertThatThrownBy(() -> Http.parseRaw(u, "\n\r\n\r\n".getBytes())).isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("not an HTTP response");
    }

    /** Found by SiteFuzzTest: a bare CR stayed inside a header value, a bare LF did not end the line, " : x" gave a nameless header. */
    @Test
    void rawResponseBareCrBecomesSpaceBareLfEndsTheLineAndNamelessFieldsAreDropped() throws Exception {
        Response r = Http.parseRaw(java.net.URI.create("http://a.test/"),
                "HTTP/1.1 200 OK\r\nX-A: one\rtwo\r\nX-B: three\nX-C: four\r\n : nameless\r\n\r\n".getBytes());
        assertThat(r.first("X-A")).contains("one two");
        assertThat(r.first("X-B")).contains("three");
        assertThat(r.first("X-C")).contains("four");
        assertThat(r.headers()).doesNotContainKey("");
    }

    /** Found by reading, confirmed by SiteFuzzTest: a session id longer than the record threw ArrayIndexOutOfBounds. */
    @Test
    void serverHelloWhoseSessionIdRunsPastTheRecordIsRefused() throws Exception {
        byte[] record = new byte[45];
        record[0] = 0x16;
        record[1] = 3;
        record[2] = 3;
        record[4] = 40;
        record[5] = 2;
        record[9] = 3;
        record[10] = 3;
        record[43] = (byte) 255;
        assertThat(TlsProbe.readServerHello(new java.io.ByteArrayInputStream(record), TlsProbe.Version.TLS_1_2,
                TlsProbe.LEGACY_OFFER)).isEmpty();
    }
}
