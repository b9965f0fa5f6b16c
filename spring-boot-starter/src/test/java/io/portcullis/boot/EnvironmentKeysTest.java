package io.portcullis.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * How Spring's property sources become the flat keys the library reads. Environment variables are
 * given through a real {@link SystemEnvironmentPropertySource} built from a map (the process's own
 * environment cannot be changed from a test): Spring maps its names exactly as it maps real ones.
 */
class EnvironmentKeysTest {

    static StandardEnvironment env(Map<String, Object> envVars, Map<String, Object> file) {
        StandardEnvironment env = new StandardEnvironment();
        String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        env.getPropertySources().replace(name, new SystemEnvironmentPropertySource(name, envVars));
        env.getPropertySources().addLast(new MapPropertySource("application.yaml", file));
        ConfigurationPropertySources.attach(env);
        return env;
    }

    static EnvironmentKeys read(Map<String, Object> envVars, Map<String, Object> file) {
        return EnvironmentKeys.read(env(envVars, file), DeclaredKeys.ALL.values(), PortcullisSettings.knownAreas());
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void environmentVariableSpellingMapsToTheDeclaredDashedKey() {
        EnvironmentKeys keys = read(Map.of("PORTCULLIS_HSTS_MAXAGE", "600"), Map.of());
        assertThat(keys.values()).containsEntry("portcullis.hsts.max-age", "600");
    }

    @Test
    void familyMembersSpeltAsEnvironmentVariablesMapToTheDeclaredFamily() {
        EnvironmentKeys keys = read(ordered("PORTCULLIS_SIGNEDURL_KEY_K1", "a", "PORTCULLIS_SIGNEDURL_KEY_7", "b",
                "PORTCULLIS_SIGNEDURL_KEY_KEY_2024", "c", "PORTCULLIS_SIGNEDURL_CURRENTKEY", "k1"), Map.of());
        assertThat(keys.values()).containsOnly(Map.entry("portcullis.signed-url.key.k1", "a"),
                Map.entry("portcullis.signed-url.key.7", "b"), Map.entry("portcullis.signed-url.key.key_2024", "c"),
                Map.entry("portcullis.signed-url.current-key", "k1"));
        assertThat(keys.ignored()).isEmpty();
    }

    @Test
    void familyMemberIdOfAPropertiesFileIsKeptExactlyAsWritten() {
        // Spring's own name for it would be portcullis.signed-url.key.mykey: a different key id
        EnvironmentKeys keys = read(Map.of(), Map.of("portcullis.signed-url.key.My_Key", "a"));
        assertThat(keys.values()).containsOnlyKeys("portcullis.signed-url.key.My_Key");
    }

    @Test
    void misspeltEnvironmentVariablesAreKeptForTheLibraryToNameWhileForeignOnesAreLeftOut() {
        EnvironmentKeys keys = read(ordered("PORTCULLIS_HSTS_MAXAG", "600", "PORTCULLIS_SIGNEDURL_KY_K1", "a",
                "PORTCULLIS_REQUIRE_SERVERS", "1", "PORTCULLIS_CORPUS_DIR", "/x"), Map.of());
        assertThat(keys.values()).containsOnlyKeys("portcullis.hsts.maxag", "portcullis.signed-url.ky.k1");
        assertThat(keys.ignored()).containsExactlyInAnyOrder("PORTCULLIS_REQUIRE_SERVERS", "PORTCULLIS_CORPUS_DIR");
    }

    @Test
    void aForeignNameInAPropertiesFileIsKeptSoItFails() {
        EnvironmentKeys keys = read(Map.of(), Map.of("portcullis.require.servers", "1"));
        assertThat(keys.values()).containsOnlyKeys("portcullis.require.servers");
        assertThat(keys.ignored()).isEmpty();
    }

    @Test
    void yamlListIsJoinedWithCommasInOrder() {
        EnvironmentKeys keys = read(Map.of(), Map.of("portcullis.hosts.allowed[1]", "b.example",
                "portcullis.hosts.allowed[0]", "a.example"));
        assertThat(keys.values()).containsEntry("portcullis.hosts.allowed", "a.example,b.example");
    }

    @Test
    void higherSourceWinsOverALowerOneAndOnlyPortcullisKeysAreTaken() {
        EnvironmentKeys keys = read(Map.of("PORTCULLIS_HSTS_MAXAGE", "600"),
                Map.of("portcullis.hsts.max-age", "900", "server.port", "8080"));
        assertThat(keys.values()).containsExactly(Map.entry("portcullis.hsts.max-age", "600"));
    }

    @Test
    void higherSourceWinsForAFamilyMemberToo() {
        EnvironmentKeys keys = read(Map.of("PORTCULLIS_SIGNEDURL_KEY_K1", "from-env"),
                Map.of("portcullis.signed-url.key.k1", "from-file"));
        assertThat(keys.values()).containsExactly(Map.entry("portcullis.signed-url.key.k1", "from-env"));
    }

    @Test
    void unknownKeyIsKeptAsWrittenSoTheLibraryCanNameIt() {
        EnvironmentKeys keys = read(Map.of(), Map.of("portcullis.hsts.max-ag", "1"));
        assertThat(keys.values()).containsOnlyKeys("portcullis.hsts.max-ag");
    }

    @Test
    void environmentVariableOfAnAreaTheStarterDoesNotReadIsIgnoredNotFatal() {
        EnvironmentKeys keys = read(Map.of("PORTCULLIS_REQUIRE_SERVERS", "1", "PORTCULLIS_HOME", "/opt/p",
                "PORTCULLIS_REPORTONLY_HTTPS", "true", "PORTCULLIS_HSTS_MAXAGE", "600"), Map.of());
        assertThat(keys.values()).containsOnlyKeys("portcullis.hsts.max-age", "portcullis.report-only.https");
        assertThat(keys.ignored()).containsExactlyInAnyOrder("PORTCULLIS_REQUIRE_SERVERS", "PORTCULLIS_HOME");
    }

    @Test
    void misspeltKeyInsideARealAreaStillReachesTheReaderWhetherEnvironmentOrFile() {
        EnvironmentKeys keys = read(Map.of("PORTCULLIS_HSTS_MAXAGEE", "600"), Map.of("portcullis.require.servers", "1"));
        // the file's unknown area is kept so the starter fails naming it; the variable's typo too
        assertThat(keys.values()).containsOnlyKeys("portcullis.hsts.maxagee", "portcullis.require.servers");
    }
}
