package io.portcullis.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** How Spring's property sources become the flat keys the library reads. */
class EnvironmentKeysTest {

    static StandardEnvironment env(Map<String, Object> envVars, Map<String, Object> file) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, envVars));
        env.getPropertySources().addLast(new MapPropertySource("application.yaml", file));
        ConfigurationPropertySources.attach(env);
        return env;
    }

    @Test
    void environmentVariableSpellingMapsToTheDeclaredDashedKey() {
        EnvironmentKeys keys = EnvironmentKeys.read(env(Map.of("PORTCULLIS_HSTS_MAXAGE", "600"), Map.of()),
                DeclaredKeys.ALL.keySet());
        assertThat(keys.values()).containsEntry("portcullis.hsts.max-age", "600");
    }

    @Test
    void yamlListIsJoinedWithCommasInOrder() {
        EnvironmentKeys keys = EnvironmentKeys.read(env(Map.of(), Map.of("portcullis.hosts.allowed[1]", "b.example",
                "portcullis.hosts.allowed[0]", "a.example")), DeclaredKeys.ALL.keySet());
        assertThat(keys.values()).containsEntry("portcullis.hosts.allowed", "a.example,b.example");
    }

    @Test
    void higherSourceWinsOverALowerOneAndOnlyPortcullisKeysAreTaken() {
        EnvironmentKeys keys = EnvironmentKeys.read(env(Map.of("PORTCULLIS_HSTS_MAXAGE", "600"),
                Map.of("portcullis.hsts.max-age", "900", "server.port", "8080")), DeclaredKeys.ALL.keySet());
        assertThat(keys.values()).containsExactly(Map.entry("portcullis.hsts.max-age", "600"));
    }

    @Test
    void unknownKeyIsKeptAsWrittenSoTheLibraryCanNameIt() {
        EnvironmentKeys keys = EnvironmentKeys.read(env(Map.of(), Map.of("portcullis.hsts.max-ag", "1")), DeclaredKeys.ALL.keySet());
        assertThat(keys.values()).containsOnlyKeys("portcullis.hsts.max-ag");
    }

    @Test
    void environmentVariableOfAnAreaTheStarterDoesNotReadIsIgnoredNotFatal() {
        EnvironmentKeys keys = EnvironmentKeys.read(env(Map.of("PORTCULLIS_REQUIRE_SERVERS", "1", "PORTCULLIS_HOME", "/opt/p",
                "PORTCULLIS_REPORTONLY_HTTPS", "true", "PORTCULLIS_HSTS_MAXAGE", "600"), Map.of()), DeclaredKeys.ALL.keySet());
        assertThat(keys.values()).containsOnlyKeys("portcullis.hsts.max-age", "portcullis.report-only.https");
    }

    @Test
    void misspeltKeyInsideARealAreaStillReachesTheReaderWhetherEnvironmentOrFile() {
        EnvironmentKeys keys = EnvironmentKeys.read(env(Map.of("PORTCULLIS_HSTS_MAXAGEE", "600"),
                Map.of("portcullis.require.servers", "1")), DeclaredKeys.ALL.keySet());
        // the file's unknown area is kept so the starter fails naming it; the variable's typo too
        assertThat(keys.values()).containsOnlyKeys("portcullis.hsts.maxagee", "portcullis.require.servers");
    }
}
