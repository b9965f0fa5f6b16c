package io.portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyTest {

    enum Color implements WireToken {
        RED("red"), DARK_BLUE("dark-blue");
        private final String token;
        Color(String token) { this.token = token; }
        @Override public String token() { return token; }
    }

    static final Key<Long> MAX_AGE = Key.longInteger("portcullis.test.max-age", 100, 1, 1000, "Seconds.")
            .hint("to undo use portcullis.test.clear=true");
    static final Key<Integer> PARTS = Key.integer("portcullis.test.parts", 20, 1, 10_000, "Parts.");
    static final Key<Boolean> ON = Key.bool("portcullis.test.on", true, "On.");
    static final Key<Color> COLOR = Key.token("portcullis.test.color", Color.RED, Color.class, "Color.");
    static final Key<Integer> STATUS = Key.integerOneOf("portcullis.test.status", 301, List.of(301, 308), null,
            "Status.");
    static final Key<Duration> TIME = Key.seconds("portcullis.test.time", Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofHours(1), "Time.");
    static final Key<List<String>> PATHS = Key.list("portcullis.test.paths", List.of(), "Paths.")
            .checking(l -> l.forEach(p -> {
                if (!p.startsWith("/")) {
                    throw Key.reject("entries must start with /", p);
                }
            }));
    static final Key<String> SECRET = Key.secret("portcullis.test.secret", "Secret.");
    static final Key<String> FAMILY = Key.secretFamily("portcullis.test.key.", "<id>", "Keys.");
    static final KeySet SET = KeySet.of("test", MAX_AGE, PARTS, ON, COLOR, STATUS, TIME, PATHS, SECRET, FAMILY);

    private static ConfigReader reader(Map<String, String> values) {
        return ConfigReader.of(Settings.of(values), SET);
    }

    @ParameterizedTest
    @CsvSource({"0", "1001", "-5"})
    void codeAndTextRefuseTheSameOutOfRangeValueWithTheSameMessage(long value) {
        String expected = "portcullis.test.max-age must be an integer in [1, 1000] (to undo use "
                + "portcullis.test.clear=true); got \""
                + value + "\"";
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> MAX_AGE.check(value)).withMessage(expected);
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of(MAX_AGE.name(), Long.toString(value))).get(MAX_AGE))
                .withMessage(expected);
    }

    @Test
    void inRangeValuesPassFromCodeAndText() {
        assertThat(MAX_AGE.check(1000L)).isEqualTo(1000L);
        assertThat(reader(Map.of(MAX_AGE.name(), " 1000 ")).get(MAX_AGE)).isEqualTo(1000L);
    }

    @Test
    void unsetKeyGivesTheDeclaredDefault() {
        ConfigReader r = reader(Map.of());
        assertThat(r.get(MAX_AGE)).isEqualTo(100L);
        assertThat(r.get(COLOR)).isEqualTo(Color.RED);
        assertThat(r.get(SECRET)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1e3   | portcullis.test.parts must be an integer in [1, 10000]; got \"1e3\"",
            "20001 | portcullis.test.parts must be an integer in [1, 10000]; got \"20001\"",
            "99999999999 | portcullis.test.parts must be an integer in [1, 10000]; got \"99999999999\"",
    })
    void badIntegersNameTheKeyQuoteTheValueAndNeverClamp(String value, String message) {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of(PARTS.name(), value)).get(PARTS))
                .withMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"yes", "1", "TRUE", "on", "''"})
    void booleansAreExactlyTrueOrFalse(String value) {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> reader(Map.of(ON.name(), value)).get(ON))
                .withMessage("portcullis.test.on must be true or false; got \"" + value + "\"");
    }

    @Test
    void tokensMatchCaseInsensitivelyAndListTheVocabularyOnFailure() {
        assertThat(reader(Map.of(COLOR.name(), "Dark-Blue")).get(COLOR)).isEqualTo(Color.DARK_BLUE);
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of(COLOR.name(), "blue")).get(COLOR))
                .withMessage("portcullis.test.color must be one of red, dark-blue; got \"blue\"");
        assertThat(COLOR.allowedValues()).containsExactly("red", "dark-blue");
    }

    @Test
    void integerOneOfRefusesOtherIntegersFromCodeAndText() {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> STATUS.check(302))
                .withMessage("portcullis.test.status must be one of 301, 308; got \"302\"");
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of(STATUS.name(), "302")).get(STATUS))
                .withMessage("portcullis.test.status must be one of 301, 308; got \"302\"");
        assertThat(reader(Map.of(STATUS.name(), "308")).get(STATUS)).isEqualTo(308);
    }

    @Test
    void secondsAreWholeSecondsInRange() {
        assertThat(reader(Map.of(TIME.name(), "60")).get(TIME)).isEqualTo(Duration.ofMinutes(1));
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> TIME.check(Duration.ZERO))
                .withMessage("portcullis.test.time must be an integer in [1, 3600]; got \"0\"");
    }

    @Test
    void listEntriesAreCheckedAndTheBadEntryIsQuoted() {
        assertThat(reader(Map.of(PATHS.name(), "/a, /b")).get(PATHS)).containsExactly("/a", "/b");
        assertThat(reader(Map.of(PATHS.name(), "")).get(PATHS)).isEmpty();
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of(PATHS.name(), "/a,b")).get(PATHS))
                .withMessage("portcullis.test.paths entries must start with /; got \"b\"");
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> PATHS.check(List.of("/a", "b")))
                .withMessage("portcullis.test.paths entries must start with /; got \"b\"");
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of(PATHS.name(), "/a,,/b")).get(PATHS))
                .withMessage("portcullis.test.paths must be a comma-separated list without empty entries; got "
                        + "\"/a,,/b\"");
    }

    @Test
    void secretsAreNeverEchoed() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of(SECRET.name(), "   ")).get(SECRET))
                .withMessage("portcullis.test.secret must not be blank (value not shown)");
        assertThat(reader(Map.of(SECRET.name(), "s3cr3t")).get(SECRET)).isEqualTo("s3cr3t");
    }

    @Test
    void familyMembersAreKnownAndReadTogether() {
        ConfigReader r = reader(Map.of("portcullis.test.key.k1", "a", "portcullis.test.key.k2", "b"));
        assertThat(r.members(FAMILY)).containsExactly(Map.entry("portcullis.test.key.k1", "a"),
                Map.entry("portcullis.test.key.k2", "b"));
        assertThat(FAMILY.displayName()).isEqualTo("portcullis.test.key.<id>");
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> reader(Map.of("portcullis.test.key.", "a")))
                .withMessageStartingWith("unknown key portcullis.test.key.");
    }

    @Test
    void aValueFromANamedSourceSaysWhereItCameFrom() {
        Settings s = Settings.load(Map.of(PARTS.name(), "0"), "init-param of filter f", new ClassLoader(null) { });
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> ConfigReader.of(s, SET).get(PARTS))
                .withMessage("portcullis.test.parts must be an integer in [1, 10000]; got \"0\" (from init-param of "
                        + "filter f)");
    }

    @Test
    void unknownKeyInAnOwnedAreaFailsWithDidYouMean() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> reader(Map.of("portcullis.test.max-agee", "5")))
                .withMessage("unknown key portcullis.test.max-agee; did you mean portcullis.test.max-age?");
    }

    @Test
    void misspeltAreaFindsTheKeyInTheRightArea() {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> reader(Map.of("portcullis.tset.parts", "5")))
                .withMessage("unknown key portcullis.tset.parts; did you mean portcullis.test.parts?");
    }

    @Test
    void keysOfAnotherRegisteredModuleAreLeftToIt() {
        // control: the other module (OtherModuleKeys, registered through META-INF/services) owns "upload"
        assertThat(KeyRegistry.areas()).contains("upload", "test", "config");
        assertThat(reader(Map.of("portcullis.upload.max-file-size", "10")).isSet("portcullis.upload.max-file-size"))
                .isTrue();
    }

    @Test
    void anAreaNoPresentModuleOwnsIsATypo() {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> reader(Map.of("portcullis.nobody.x", "1")))
                .withMessageStartingWith("unknown key portcullis.nobody.x");
    }

    @Test
    void readingAnUndeclaredKeyIsAProgrammingError() {
        Key<Boolean> other = Key.bool("portcullis.test.undeclared", true, "x");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> reader(Map.of()).get(other));
    }

    @Test
    void registryListsEveryModuleWithoutCoreNamingAny() {
        reader(Map.of());
        assertThat(KeyRegistry.keySets()).extracting(KeySet::module).contains("core", "other-module", "test");
        assertThat(KeyRegistry.find("portcullis.upload.allow")).contains(OtherModuleKeys.ALLOW);
        assertThat(KeyRegistry.find("portcullis.config.file")).contains(CoreKeys.CONFIG_FILE);
    }

    @Test
    void docsTableIsGeneratedBetweenMarkers() {
        String doc = "intro\n<!-- portcullis-keys:test -->\nstale\n<!-- /portcullis-keys -->\nafter\n";
        String out = KeyTable.replaceIn(doc, KeySet.of("test", PARTS, COLOR));
        assertThat(out).isEqualTo("intro\n<!-- portcullis-keys:test -->\n"
                + "| Key | Default | Allowed | Meaning |\n|---|---|---|---|\n"
                + "| `portcullis.test.parts` | `20` | an integer in [1, 10000] | Parts. |\n"
                + "| `portcullis.test.color` | `red` | one of red, dark-blue | Color. |\n"
                + "<!-- /portcullis-keys -->\nafter\n");
        assertThat(KeyTable.replaceIn(out, KeySet.of("test", PARTS, COLOR))).isEqualTo(out);
    }
}
