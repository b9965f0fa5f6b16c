package io.portcullis.checkup.password;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.checkup.Checkup;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code checkup password}: stdin only, verdict lines, JSON, exit codes 0/1/2. */
class PasswordCommandTest {

    private final InputStream stdin = System.in;

    @AfterEach
    void restore() {
        System.setIn(stdin);
        System.clearProperty("portcullis.password.min-length");
        System.clearProperty("portcullis.password.min-lenght");
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        CommandLine cl = Checkup.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString().replace("\r", ""), err.toString());
    }

    @Test
    void strongPasswordFromStdinIsAcceptedWithExit0() {
        Run r = run("correct horse battery staple\n", "password");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("ACCEPT guesses=10^").contains("breach-check=off")
                .doesNotContain("correct horse");
    }

    @Test
    void weakPasswordIsRejectedWithReasonsAndMessagesAndExit1() {
        Run r = run("summer2024\n", "password");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("REJECT TOO_SHORT,TOO_GUESSABLE ")
                .contains("patterns=\"a common password followed by a year\"")
                .contains("  TOO_SHORT: Use at least 15 characters (this has 10).")
                .doesNotContain("summer2024");
    }

    @Test
    void contextOptionsAreUsed() {
        Run r = run("alexander2024!!\n", "password", "--user", "Alexander");
        assertThat(r.out()).startsWith("REJECT SIMILAR_TO_CONTEXT");
    }

    @Test
    void everyLineIsOnePasswordAndJsonHasOneObjectEach() throws Exception {
        Run r = run("correct horse battery staple\npassword\n", "password", "--json");
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        JsonNode second = new ObjectMapper().readTree(lines[1]);
        assertThat(first.get("accepted").asBoolean()).isTrue();
        assertThat(second.get("line").asInt()).isEqualTo(2);
        assertThat(second.get("reasons").toString()).contains("TOO_SHORT", "COMMON_PASSWORD");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void thePasswordCannotBeGivenOnTheCommandLine() {
        Run r = run("", "password", "hunter2hunter2hunter2");
        assertThat(r.exit()).isEqualTo(Checkup.EXIT_USAGE);
        assertThat(r.err()).contains("Unmatched argument");
    }

    @Test
    void policyComesFromSystemPropertiesAndTyposFailWithExit2() {
        System.setProperty("portcullis.password.min-lenght", "20");
        Run r = run("correct horse battery staple\n", "password");
        assertThat(r.exit()).isEqualTo(Checkup.EXIT_USAGE);
        assertThat(r.err()).contains("did you mean portcullis.password.min-length?");
        System.clearProperty("portcullis.password.min-lenght");
        System.setProperty("portcullis.password.min-length", "40");
        assertThat(run("correct horse battery staple\n", "password").out()).startsWith("REJECT TOO_SHORT");
    }

    @Test
    void emptyInputIsJudgedAsTheEmptyPassword() {
        Run r = run("", "password");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("REJECT TOO_SHORT");
    }
}
