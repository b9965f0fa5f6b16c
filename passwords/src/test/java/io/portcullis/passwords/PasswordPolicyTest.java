package io.portcullis.passwords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** portcullis.password.* keys: defaults, NIST bounds, fail-fast messages, did-you-mean. */
class PasswordPolicyTest {

    static PasswordPolicy read(Map<String, String> values) {
        return PasswordPolicy.fromSettings(Settings.of(values));
    }

    @Test
    void defaultsAreFifteenToOneHundredTwentyEightWithEveryRuleOnAndNoBreachCheck() {
        PasswordPolicy p = read(Map.of());
        assertThat(p).isEqualTo(PasswordPolicy.defaults());
        assertThat(p.minLength()).isEqualTo(15);
        assertThat(p.maxLength()).isEqualTo(128);
        assertThat(p.blocklist()).isTrue();
        assertThat(p.contextCheck()).isTrue();
        assertThat(p.minGuessesLog10()).isEqualTo(8);
        assertThat(p.breach().mode()).isEqualTo(BreachPolicy.Mode.OFF);
    }

    @Test
    void aDeclaredSecondFactorLowersTheDefaultMinimumToEight() {
        assertThat(read(Map.of("portcullis.password.second-factor", "true")).minLength()).isEqualTo(8);
    }

    @Test
    void belowFifteenWithoutASecondFactorFailsNamingKeyValueAndWayOut() {
        assertThatThrownBy(() -> read(Map.of("portcullis.password.min-length", "10")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("portcullis.password.min-length must be at least 15 when the password is the only factor"
                        + " (NIST SP 800-63B); set portcullis.password.second-factor=true to allow 8; got \"10\"");
    }

    @Test
    void belowEightFailsEvenWithASecondFactor() {
        assertThatThrownBy(() -> read(Map.of("portcullis.password.second-factor", "true",
                "portcullis.password.min-length", "6"))).hasMessageContaining("must be at least 8");
    }

    @Test
    void maxLengthBelowSixtyFourFails() {
        assertThatThrownBy(() -> read(Map.of("portcullis.password.max-length", "32")))
                .hasMessageStartingWith("portcullis.password.max-length must be an integer in [64, 1024]");
    }

    @Test
    void builderAndPropertiesGiveTheSameMessage() {
        String fromBuilder = catchMessage(() -> PasswordPolicy.builder().minLength(10).build());
        String fromFile = catchMessage(() -> read(Map.of("portcullis.password.min-length", "10")));
        assertThat(fromBuilder).isEqualTo(fromFile);
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no exception");
    }

    @Test
    void unknownKeyGetsADidYouMean() {
        assertThatThrownBy(() -> read(Map.of("portcullis.password.min-lenght", "16")))
                .hasMessage("unknown key portcullis.password.min-lenght; did you mean portcullis.password.min-length?");
    }

    @Test
    void unknownHashKeyFailsWhenReadingTheCheckerToo() {
        assertThatThrownBy(() -> read(Map.of("portcullis.password.hash.argon2.memory", "65536")))
                .hasMessageContaining("did you mean portcullis.password.hash.argon2.memory-kib?");
    }

    @Test
    void booleansAreExactlyTrueOrFalse() {
        assertThatThrownBy(() -> read(Map.of("portcullis.password.blocklist", "yes")))
                .hasMessage("portcullis.password.blocklist must be true or false; got \"yes\"");
    }

    @Test
    void similarityIsADecimalInRange() {
        assertThat(read(Map.of("portcullis.password.context.max-similarity", "0.5")).maxSimilarity()).isEqualTo(0.5);
        assertThatThrownBy(() -> read(Map.of("portcullis.password.context.max-similarity", "0.05")))
                .hasMessage("portcullis.password.context.max-similarity must be a decimal in [0.1, 1.0]; got \"0.05\"");
        assertThatThrownBy(() -> read(Map.of("portcullis.password.context.max-similarity", "70%")))
                .hasMessageContaining("got \"70%\"");
    }

    @Test
    void contextWordsAndSiteNameAreRead() {
        PasswordPolicy p = read(Map.of("portcullis.password.context.site-name", "Portcullis",
                "portcullis.password.context.words", "drawbridge, moat"));
        assertThat(p.siteName()).contains("Portcullis");
        assertThat(p.contextWords()).containsExactly("drawbridge", "moat");
    }

    @Test
    void rangeApiModeReadsUrlTimeoutAndFailMode() {
        PasswordPolicy p = read(Map.of("portcullis.password.breach.mode", "range-api",
                "portcullis.password.breach.url", "http://127.0.0.1:8080/pwned",
                "portcullis.password.breach.timeout-ms", "800",
                "portcullis.password.breach.fail-closed", "true"));
        assertThat(p.breach()).isEqualTo(new BreachPolicy(BreachPolicy.Mode.RANGE_API,
                URI.create("http://127.0.0.1:8080/pwned/"), null, Duration.ofMillis(800), true));
    }

    @Test
    void rangeApiDefaultsToThePublicServiceWithFailOpen() {
        PasswordPolicy p = read(Map.of("portcullis.password.breach.mode", "range-api"));
        assertThat(p.breach().url()).isEqualTo(URI.create(BreachPolicy.DEFAULT_RANGE_API));
        assertThat(p.breach().failClosed()).isFalse();
        assertThat(p.breach().timeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void badBreachSettingsFailFast() {
        assertThatThrownBy(() -> read(Map.of("portcullis.password.breach.mode", "hibp")))
                .hasMessage("portcullis.password.breach.mode must be one of off, range-api, file; got \"hibp\"");
        assertThatThrownBy(() -> read(Map.of("portcullis.password.breach.mode", "range-api",
                "portcullis.password.breach.url", "ftp://example.org/")))
                .hasMessageContaining("portcullis.password.breach.url must be an absolute http(s) URL");
        assertThatThrownBy(() -> read(Map.of("portcullis.password.breach.timeout-ms", "60000")))
                .hasMessage("portcullis.password.breach.timeout-ms must be an integer in [100, 10000]; got \"60000\"");
        assertThatThrownBy(() -> read(Map.of("portcullis.password.breach.mode", "file")))
                .hasMessage("portcullis.password.breach.file is required when portcullis.password.breach.mode is file");
        assertThatThrownBy(() -> read(Map.of("portcullis.password.breach.mode", "file",
                "portcullis.password.breach.file", "/nonexistent/pwned.txt")))
                .hasMessage("portcullis.password.breach.file must name a readable file; got \"/nonexistent/pwned.txt\"");
    }

    @Test
    void toBuilderRoundTrips() {
        PasswordPolicy p = PasswordPolicy.builder().secondFactor(true).minLength(10).siteName("x")
                .contextWords(List.of("y")).build();
        assertThat(p.toBuilder().build()).isEqualTo(p);
    }

    @Test
    void hashKeysAreRead() {
        HashPolicy h = HashPolicy.fromSettings(Settings.of(Map.of(
                "portcullis.password.hash.algorithm", "pbkdf2-sha256",
                "portcullis.password.hash.pbkdf2.iterations", "700000",
                "portcullis.password.hash.argon2.memory-kib", "47104",
                "portcullis.password.hash.argon2.iterations", "1",
                "portcullis.password.hash.max-concurrent", "3",
                "portcullis.password.hash.queue-timeout-ms", "250")));
        assertThat(h.algorithm()).isEqualTo(HashAlgorithm.PBKDF2_SHA256);
        assertThat(h.pbkdf2Iterations()).isEqualTo(700_000);
        assertThat(h.argon2MemoryKib()).isEqualTo(47_104);
        assertThat(h.maxConcurrent()).isEqualTo(3);
        assertThat(h.queueTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(h.toBuilder().build()).isEqualTo(h);
    }

    @Test
    void hashParametersBelowOwaspsMinimumAreRefused() {
        assertThatThrownBy(() -> HashPolicy.fromSettings(Settings.of(Map.of(
                "portcullis.password.hash.argon2.memory-kib", "12288", "portcullis.password.hash.argon2.iterations", "2"))))
                .hasMessageContaining("must be at least 35840");
        assertThatThrownBy(() -> HashPolicy.builder().argon2MemoryKib(4096).argon2Iterations(10).build())
                .hasMessageStartingWith("portcullis.password.hash.argon2.memory-kib must be an integer in [7168, 1048576]");
        assertThatThrownBy(() -> HashPolicy.builder().pbkdf2Iterations(310_000).build())
                .hasMessageContaining("OWASP minimum for PBKDF2-HMAC-SHA256");
        // every one of OWASP's five equivalent Argon2id settings is accepted
        for (int[] mt : new int[][] {{47104, 1}, {19456, 2}, {12288, 3}, {9216, 4}, {7168, 5}}) {
            assertThat(HashPolicy.builder().argon2MemoryKib(mt[0]).argon2Iterations(mt[1]).build().argon2MemoryKib())
                    .isEqualTo(mt[0]);
        }
    }

    @Test
    void unknownHashAlgorithmListsTheAllowedOnes() {
        assertThatThrownBy(() -> HashPolicy.fromSettings(Settings.of(Map.of("portcullis.password.hash.algorithm", "bcrypt"))))
                .hasMessage("portcullis.password.hash.algorithm must be one of argon2id, pbkdf2-sha256; got \"bcrypt\"");
    }
}
