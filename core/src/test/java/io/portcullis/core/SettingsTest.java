package io.portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("portcullis.hsts.max-age");
    }

    @Test
    void systemPropertiesBeatInitParamsWhichBeatTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.properties");
        Files.writeString(file, "portcullis.hsts.max-age=1\nportcullis.hsts.preload=false\nportcullis.csp.policy=x\n");
        System.setProperty("portcullis.hsts.max-age", "3");
        Settings s = Settings.load(Map.of("portcullis.config.file", file.toString(),
                "portcullis.hsts.max-age", "2", "portcullis.hsts.preload", "true"), "init-param", getClass().getClassLoader());
        assertThat(s.raw("portcullis.hsts.max-age")).contains("3");
        assertThat(s.origin("portcullis.hsts.max-age")).isEqualTo("system property");
        assertThat(s.raw("portcullis.hsts.preload")).contains("true");
        assertThat(s.origin("portcullis.hsts.preload")).isEqualTo("init-param");
        assertThat(s.raw("portcullis.csp.policy")).contains("x");
        assertThat(s.origin("portcullis.csp.policy")).isEqualTo("file " + file);
    }

    @Test
    void aMissingNamedFileFailsFast() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> Settings.load(Map.of("portcullis.config.file", "/nope/x.properties"), "init-param",
                        getClass().getClassLoader()))
                .withMessage("portcullis.config.file names a file that does not exist; got \"/nope/x.properties\"");
    }

    @Test
    void theClasspathFileIsReadWhenNoPathIsGiven() {
        Settings s = Settings.load(Map.of(), "init-param", getClass().getClassLoader());
        assertThat(s.raw("portcullis.headers.x-frame-options")).contains("SAMEORIGIN");
    }
}
