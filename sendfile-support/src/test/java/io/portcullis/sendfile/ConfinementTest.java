package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfinementTest {

    static Fixture fx;
    static Confinement confinement;
    static final java.util.List<String> ESCAPES = Fixture.ESCAPES;
    static final java.util.List<String> SPECIAL = Fixture.SPECIAL_NAMES;

    @BeforeAll
    static void setUp() throws IOException {
        fx = new Fixture();
        confinement = new Confinement(fx.root.toRealPath());
    }

    @AfterAll
    static void tearDown() {
        fx.close();
    }

    @ParameterizedTest
    @FieldSource("ESCAPES")
    void escapeOrInvalidNameResolvesToNothing(String name) {
        assertThat(confinement.resolve(name)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("SPECIAL")
    void specialCharacterNameResolvesToItsFile(String name) throws IOException {
        assertThat(confinement.resolve(name)).contains(fx.root.resolve(name).toRealPath());
    }

    @Test
    void plainNameResolvesPositiveControl() throws IOException {
        assertThat(confinement.resolve("report.pdf")).contains(fx.root.resolve("report.pdf").toRealPath());
        assertThat(confinement.resolve("sub/nested.txt")).isPresent();
    }

    @Test
    void symlinkInsideRootResolvesToItsRealTarget() throws IOException {
        assertThat(confinement.resolve("inside-link.pdf")).contains(fx.root.resolve("report.pdf").toRealPath());
    }

    @Test
    void symlinkedOutsideTargetExistsSoOnlyTheRealPathCheckStopsIt() {
        // the string form is inside the root; only toRealPath() shows it is not
        Path lexical = fx.root.resolve("escape-link").normalize();
        assertThat(lexical.startsWith(fx.root)).isTrue();
        assertThat(Files.exists(lexical)).isTrue();
        assertThat(confinement.resolve("escape-link")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"C:/windows/win.ini", "c:report.pdf", "a/\u0001b", "\u0085x", ""})
    void syntaxRefused(String name) {
        assertThat(Confinement.syntaxAllowed(name)).isFalse();
    }

    @Test
    void relativePathIsSlashSeparated() throws IOException {
        Path real = fx.root.resolve("sub/nested.txt").toRealPath();
        assertThat(confinement.relative(real)).isEqualTo("sub/nested.txt");
    }
}
