package io.portcullis.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CheckupVersionTest {

    /** The version in the parent POM, the one every artifact of this build carries. */
    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>portcullis-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("version of portcullis-parent in ../pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void versionOptionPrintsTheBuildsRealVersion() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cmd = Checkup.commandLine();
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("--version");
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("checkup " + pomVersion() + " ");
    }

    @Test
    void versionIsFilledInByTheBuildNotAPlaceholder() {
        assertThat(BuildVersion.version()).doesNotContain("${").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
