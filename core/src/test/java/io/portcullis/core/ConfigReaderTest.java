package io.portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigReaderTest {

    private static final Set<String> KNOWN = Set.of("portcullis.hsts.max-age", "portcullis.hsts.preload",
            "portcullis.headers.referrer-policy", "portcullis.hosts.allowed");
    private static final Set<String> OWNED = Set.of("hsts", "headers", "hosts");

    enum Color implements WireToken {
        RED("red"), DARK_BLUE("dark-blue");
        private final String token;
        Color(String token) { this.token = token; }
        @Override public String token() { return token; }
    }

    private static ConfigReader reader(Map<String, String> values) {
        return ConfigReader.of(Settings.of(values), KNOWN, OWNED);
    }

    @Test
    void unknownKeyInOwnedAreaFailsWithDidYouMean() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of("portcullis.hsts.max-agee", "5")))
                .withMessage("unknown key portcullis.hsts.max-agee; did you mean portcullis.hsts.max-age?");
    }

    @Test
    void unknownAreaFailsWithDidYouMeanOfTheRightArea() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of("portcullis.hst.max-age", "5")))
                .withMessage("unknown key portcullis.hst.max-age; did you mean portcullis.hsts.max-age?");
    }

    @Test
    void keysOfOtherComponentsAreLeftToThem() {
        ConfigReader r = reader(Map.of("portcullis.upload.max-file-size", "10"));
        assertThat(r.isSet("portcullis.upload.max-file-size")).isTrue();
    }

    @Test
    void nonPortcullisKeysAreIgnored() {
        assertThat(reader(Map.of("spring.foo", "x")).settings().keys()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-5       | portcullis.hsts.max-age must be an integer in [0, 63072000]; got \"-5\"",
            "1e3      | portcullis.hsts.max-age must be an integer in [0, 63072000]; got \"1e3\"",
            "63072001 | portcullis.hsts.max-age must be an integer in [0, 63072000]; got \"63072001\"",
            "ten      | portcullis.hsts.max-age must be an integer in [0, 63072000]; got \"ten\"",
    })
    void badIntegersNameKeyQuoteValueAndNeverClamp(String value, String message) {
        ConfigReader r = reader(Map.of("portcullis.hsts.max-age", value));
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> r.longIn("portcullis.hsts.max-age", 1, 0, 63072000))
                .withMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"yes", "1", "TRUE", "on", "''"})
    void booleansAreExactlyTrueOrFalse(String value) {
        ConfigReader r = reader(Map.of("portcullis.hsts.preload", value));
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> r.bool("portcullis.hsts.preload", false))
                .withMessage("portcullis.hsts.preload must be true or false; got \"" + value + "\"");
    }

    @Test
    void booleansParse() {
        assertThat(reader(Map.of("portcullis.hsts.preload", " true ")).bool("portcullis.hsts.preload", false)).isTrue();
        assertThat(reader(Map.of()).bool("portcullis.hsts.preload", false)).isFalse();
    }

    @Test
    void tokensListTheAllowedValues() {
        ConfigReader r = reader(Map.of("portcullis.headers.referrer-policy", "green"));
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> r.token("portcullis.headers.referrer-policy", Color.RED, Color.class))
                .withMessage("portcullis.headers.referrer-policy must be one of red, dark-blue; got \"green\"");
        assertThat(reader(Map.of("portcullis.headers.referrer-policy", "Dark-Blue"))
                .token("portcullis.headers.referrer-policy", Color.RED, Color.class)).isEqualTo(Color.DARK_BLUE);
    }

    @Test
    void listsRejectEmptyEntries() {
        assertThat(reader(Map.of("portcullis.hosts.allowed", "a.com, .b.com")).list("portcullis.hosts.allowed", List.of()))
                .containsExactly("a.com", ".b.com");
        assertThat(reader(Map.of("portcullis.hosts.allowed", "")).list("portcullis.hosts.allowed", List.of("x")))
                .isEmpty();
        ConfigReader r = reader(Map.of("portcullis.hosts.allowed", "a.com,,b.com"));
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> r.list("portcullis.hosts.allowed", List.of()))
                .withMessage("portcullis.hosts.allowed must be a comma-separated list without empty entries; got \"a.com,,b.com\"");
    }

    @Test
    void secretsAreNeverEchoed() {
        ConfigReader r = reader(Map.of("portcullis.hsts.preload", "   "));
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> r.secret("portcullis.hsts.preload"))
                .withMessage("portcullis.hsts.preload must not be blank (value not shown)");
    }

    @Test
    void quotedValuesStayOnOneLine() {
        assertThat(ConfigException.quote("a\r\nb\"")).isEqualTo("\"a\\r\\nb\\\"\"");
    }

    @org.junit.jupiter.api.Test
    void swappedNeighbourLettersCountAsOneTypo() {
        org.assertj.core.api.Assertions.assertThat(ConfigReader.closest("portcullis.crsf.exempt-paths",
                java.util.List.of("portcullis.csp.exempt-paths", "portcullis.csrf.exempt-paths")))
                .isEqualTo("portcullis.csrf.exempt-paths");
    }
}
