package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlSignerTest {

    static final byte[] K1 = "k1-0123456789abcdef0123456789abcdef".getBytes();
    static final byte[] K2 = "k2-fedcba9876543210fedcba9876543210".getBytes();
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock = new MutableClock();
    final UrlSigner signer = UrlSigner.builder().key("k1", K1).clock(clock).build();

    static String path(String url) {
        return url.substring(0, url.indexOf('?'));
    }

    static String query(String url) {
        return url.substring(url.indexOf('?') + 1);
    }

    @Test
    void validLinkVerifiesPositiveControl() {
        String url = signer.link("/share/a%20b.pdf").expiresIn(Duration.ofHours(1)).sign();
        assertThat(url).startsWith("/share/a%20b.pdf?exp=").contains("&kid=k1&sig=");
        assertThat(signer.verify(path(url), query(url), null)).isEqualTo(LinkCheck.VALID);
    }

    @Test
    void changedPathExpiryOrNotBeforeIsBadSignature() {
        String url = signer.link("/share/a.pdf").expiresIn(Duration.ofHours(1)).notBefore(NOW.minusSeconds(10)).sign();
        String q = query(url);
        assertThat(signer.verify("/share/b.pdf", q, null)).isEqualTo(LinkCheck.BAD_SIGNATURE);
        long exp = NOW.plusSeconds(3600).getEpochSecond();
        assertThat(signer.verify("/share/a.pdf", q.replace("exp=" + exp, "exp=" + (exp + 86400)), null)).isEqualTo(LinkCheck.BAD_SIGNATURE);
        long nbf = NOW.minusSeconds(10).getEpochSecond();
        assertThat(signer.verify("/share/a.pdf", q.replace("nbf=" + nbf, "nbf=" + (nbf - 1)), null)).isEqualTo(LinkCheck.BAD_SIGNATURE);
        assertThat(signer.verify("/share/a.pdf", q.replace("&nbf=" + nbf, ""), null)).isEqualTo(LinkCheck.BAD_SIGNATURE);
        String sig = q.substring(q.indexOf("sig=") + 4);
        String flipped = (sig.charAt(0) == 'A' ? 'B' : 'A') + sig.substring(1);
        assertThat(signer.verify("/share/a.pdf", q.replace(sig, flipped), null)).isEqualTo(LinkCheck.BAD_SIGNATURE);
        assertThat(signer.verify("/share/a.pdf", q, null)).isEqualTo(LinkCheck.VALID);
    }

    /**
     * A signature has exactly one accepted spelling: every other character at every position,
     * padding, percent-encoding and another parameter order are refused (decoding first used to
     * accept eight spellings: the last character's two spare bits and a trailing {@code =}).
     */
    @Test
    void everyOtherSpellingOfTheSignatureIsRefused() {
        String url = signer.link("/share/a.pdf").expiresIn(Duration.ofHours(1)).user("alice").sign();
        String q = query(url);
        String sig = q.substring(q.indexOf("sig=") + 4);
        String head = q.substring(0, q.indexOf("sig=") + 4);
        assertThat(signer.verify("/share/a.pdf", q, "alice")).isEqualTo(LinkCheck.VALID);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.%";
        int tried = 0;
        for (int i = 0; i < sig.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c == sig.charAt(i)) {
                    continue;
                }
                String other = sig.substring(0, i) + c + sig.substring(i + 1);
                assertThat(signer.verify("/share/a.pdf", head + other, "alice")).as(other).isNotEqualTo(LinkCheck.VALID);
                tried++;
            }
        }
        assertThat(tried).isEqualTo(sig.length() * (alphabet.length() - 1));
        char last = sig.charAt(sig.length() - 1);
        for (String other : new String[] {sig + "=", sig + "==", sig.substring(0, sig.length() - 1) + "%" + Integer
                .toHexString(last).toUpperCase(), sig.substring(0, sig.length() - 1) + "%" + Integer.toHexString(last),
            sig.substring(0, sig.length() - 1), sig + "A", " " + sig, sig.replace('-', '+').replace('_', '/')}) {
            if (!other.equals(sig)) {
                assertThat(signer.verify("/share/a.pdf", head + other, "alice")).as(other).isNotEqualTo(LinkCheck.VALID);
            }
        }
        String reordered = q.replace("&kid=k1", "").replace("exp=", "kid=k1&exp=");
        assertThat(signer.verify("/share/a.pdf", reordered, "alice")).isEqualTo(LinkCheck.MALFORMED);
        assertThat(signer.verify("/share/a.pdf", q, "alice")).isEqualTo(LinkCheck.VALID);
    }

    @Test
    void expiredLinkIsExpiredAtTheSecond() {
        String url = signer.link("/share/a.pdf").expiresIn(Duration.ofSeconds(60)).sign();
        clock.now = NOW.plusSeconds(59);
        assertThat(signer.verify(path(url), query(url), null)).isEqualTo(LinkCheck.VALID);
        clock.now = NOW.plusSeconds(60);
        assertThat(signer.verify(path(url), query(url), null)).isEqualTo(LinkCheck.EXPIRED);
    }

    @Test
    void embargoedLinkIsNotYetValidUntilRelease() {
        Instant release = NOW.plus(Duration.ofDays(2));
        String url = signer.link("/speech/2027.mp4").notBefore(release).expiresAt(NOW.plus(Duration.ofDays(3))).sign();
        assertThat(signer.verify(path(url), query(url), null)).isEqualTo(LinkCheck.NOT_YET_VALID);
        clock.now = release.minusSeconds(1);
        assertThat(signer.verify(path(url), query(url), null)).isEqualTo(LinkCheck.NOT_YET_VALID);
        clock.now = release;
        assertThat(signer.verify(path(url), query(url), null)).isEqualTo(LinkCheck.VALID);
    }

    @Test
    void userBoundLinkWorksOnlyForThatUser() {
        String url = signer.link("/share/a.pdf").expiresIn(Duration.ofHours(1)).user("alice").sign();
        assertThat(url).contains("bound=user").doesNotContain("alice");
        assertThat(signer.verify(path(url), query(url), "alice")).isEqualTo(LinkCheck.VALID);
        assertThat(signer.verify(path(url), query(url), "mallory")).isEqualTo(LinkCheck.BAD_SIGNATURE);
        assertThat(signer.verify(path(url), query(url), null)).isEqualTo(LinkCheck.BAD_SIGNATURE);
        // stripping the binding does not make it anyone's link
        assertThat(signer.verify(path(url), query(url).replace("bound=user&", ""), "mallory")).isEqualTo(LinkCheck.BAD_SIGNATURE);
    }

    @Test
    void keyRotationVerifiesOldLinksAndRetiredKeysAreUnknown() {
        String old = signer.link("/share/a.pdf").expiresIn(Duration.ofHours(1)).sign();
        UrlSigner rotated = UrlSigner.builder().key("k2", K2).key("k1", K1).currentKey("k2").clock(clock).build();
        String fresh = rotated.link("/share/a.pdf").expiresIn(Duration.ofHours(1)).sign();
        assertThat(fresh).contains("kid=k2");
        assertThat(rotated.verify(path(old), query(old), null)).isEqualTo(LinkCheck.VALID);
        assertThat(rotated.verify(path(fresh), query(fresh), null)).isEqualTo(LinkCheck.VALID);
        UrlSigner retired = UrlSigner.builder().key("k2", K2).clock(clock).build();
        assertThat(retired.verify(path(old), query(old), null)).isEqualTo(LinkCheck.UNKNOWN_KEY);
        // a link claiming k1 but signed with k2 fails
        assertThat(rotated.verify(path(fresh), query(fresh).replace("kid=k2", "kid=k1"), null)).isEqualTo(LinkCheck.BAD_SIGNATURE);
    }

    @Test
    void malformedMissingAndUnsignedParametersAreRefused() {
        String url = signer.link("/share/a.pdf").expiresIn(Duration.ofHours(1)).sign();
        String q = query(url);
        assertThat(signer.verify("/share/a.pdf", null, null)).isEqualTo(LinkCheck.MISSING);
        assertThat(signer.verify("/share/a.pdf", q + "&download=1", null)).isEqualTo(LinkCheck.UNSIGNED_PARAMETER);
        assertThat(signer.verify("/share/a.pdf", q + "&exp=9999999999", null)).isEqualTo(LinkCheck.MALFORMED);
        assertThat(signer.verify("/share/a.pdf", q.replaceAll("exp=[0-9]+", "exp=-1"), null)).isEqualTo(LinkCheck.MALFORMED);
        assertThat(signer.verify("/share/a.pdf", q.replaceAll("&sig=.*", ""), null)).isEqualTo(LinkCheck.MALFORMED);
        assertThat(signer.verify("/share/a.pdf", q.replaceAll("sig=.*", "sig=***"), null)).isEqualTo(LinkCheck.MALFORMED);
    }

    @Test
    void signingRefusesBadInput() {
        assertThatThrownBy(() -> signer.link("/a").expiresIn(Duration.ofDays(8)).sign()).hasMessageContaining("maximum lifetime");
        assertThatThrownBy(() -> signer.link("/a").expiresAt(NOW.minusSeconds(1)).sign()).hasMessageContaining("future");
        assertThatThrownBy(() -> signer.link("/a?x=1").expiresIn(Duration.ofHours(1)).sign()).hasMessageContaining("without query");
        assertThatThrownBy(() -> signer.link("/a").expiresIn(Duration.ofHours(1)).notBefore(NOW.plusSeconds(7200)).sign())
                .hasMessageContaining("earlier than the expiry");
        assertThatThrownBy(() -> signer.link("/a").expiresIn(Duration.ofHours(1)).user("").sign()).hasMessageContaining("user");
    }

    /**
     * A signed path must mean itself: the container serves {@code /share/x/../report.pdf} as
     * {@code /share/report.pdf} and {@code /share/a;p/b} as {@code /share/a/b} (seen on Jetty 12 and
     * Tomcat), so a link an application signs for a name it was given could serve another file.
     * Such paths cannot be signed, and a link carrying one is malformed even with a right HMAC.
     */
    @Test
    void pathTheContainerWouldReadAsAnotherPathIsNeitherSignedNorVerified() throws Exception {
        for (String bad : new String[] {"/share/x/../report.pdf", "/share/./report.pdf", "/share/..", "/share/%2e%2E/a",
            "/share/.%2e/a", "/share/%2E/a", "/share/a;p/b", "/share/a.pdf;jsessionid=1", "/share//a.pdf", "/share/a%2Fb",
            "/share/a%2fb", "/share/a%5cb", "/share/a\\b", "/share/a%00.pdf", "/share/a%zz", "/share/a%4"}) {
            assertThatThrownBy(() -> signer.link(bad).expiresIn(Duration.ofHours(1)).sign()).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another path than the one signed");
            long exp = NOW.plusSeconds(3600).getEpochSecond();
            String q = "exp=" + exp + "&kid=k1&sig=" + handSigned(K1, "k1", bad, Long.toString(exp));
            assertThat(signer.verify(bad, q, null)).as(bad).isEqualTo(LinkCheck.MALFORMED);
        }
        // controls: names with dots, escapes of ; % and non-ASCII, a trailing slash, the root
        for (String good : new String[] {"/share/..report.pdf", "/share/a.b.c", "/share/semi%3Bcolon.txt", "/share/100%25.txt",
            "/share/r%C3%A9sum%C3%A9.txt", "/share/dir/", "/", "/share/...", "/share/%2e%2e%2e"}) {
            String url = signer.link(good).expiresIn(Duration.ofHours(1)).sign();
            assertThat(signer.verify(path(url), query(url), null)).as(good).isEqualTo(LinkCheck.VALID);
            long exp = NOW.plusSeconds(3600).getEpochSecond();
            assertThat(query(url)).isEqualTo("exp=" + exp + "&kid=k1&sig=" + handSigned(K1, "k1", good, Long.toString(exp)));
        }
    }

    /** The link format of docs/sendfile-support.md, computed independently of UrlSigner. */
    private static String handSigned(byte[] key, String kid, String path, String exp) throws Exception {
        StringBuilder m = new StringBuilder("portcullis-link-v1");
        for (String f : new String[] {kid, path, exp, "-", "-"}) {
            m.append('\n').append(f.length()).append(':').append(f);
        }
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(m.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void keysComeFromSettingsAndAreNeverShown() {
        String b64 = Base64.getEncoder().encodeToString(K2);
        UrlSigner s = UrlSigner.fromSettings(Settings.of(Map.of("portcullis.signed-url.key.k2", b64,
                "portcullis.signed-url.key.k1", Base64.getUrlEncoder().encodeToString(K1),
                "portcullis.signed-url.current-key", "k2", "portcullis.signed-url.max-lifetime", "3600")));
        assertThat(s.currentKeyId()).isEqualTo("k2");
        assertThat(s.maxLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(s.toString()).doesNotContain(b64).doesNotContain(new String(K2));

        String shortKey = Base64.getEncoder().encodeToString("too-short-secret".getBytes());
        assertThatThrownBy(() -> UrlSigner.fromSettings(Settings.of(Map.of("portcullis.signed-url.key.a", shortKey))))
                .isInstanceOf(ConfigException.class).hasMessage("portcullis.signed-url.key.a must be at least 32 bytes (value not shown)");
        assertThatThrownBy(() -> UrlSigner.fromSettings(Settings.of(Map.of("portcullis.signed-url.key.a", "not base64 !!"))))
                .isInstanceOf(ConfigException.class).hasMessage("portcullis.signed-url.key.a must be base64 (value not shown)");
        // from a named source the message says where the key was set (built by ConfigException.badValue)
        assertThatThrownBy(() -> UrlSigner.fromSettings(Settings.load(Map.of("portcullis.signed-url.key.a", "not base64 !!"),
                "init-param of filter links", new ClassLoader(null) { })))
                .hasMessage("portcullis.signed-url.key.a must be base64 (value not shown) (from init-param of filter links)");
        assertThatThrownBy(() -> UrlSigner.fromSettings(Settings.of(Map.of("portcullis.signed-url.key.a", b64,
                "portcullis.signed-url.key.b", b64)))).hasMessageContaining("current-key is required");
        assertThatThrownBy(() -> UrlSigner.fromSettings(Settings.of(Map.of("portcullis.signed-url.key.a", b64,
                "portcullis.signed-url.curent-key", "a")))).hasMessageContaining("did you mean portcullis.signed-url.current-key");
    }
}
