package io.portcullis.checkup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import io.portcullis.passwords.PasswordChecker;
import io.portcullis.passwords.PasswordContext;
import io.portcullis.passwords.PasswordPolicy;
import io.portcullis.passwords.PasswordVerdict;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code checkup password [--user NAME] [--email ADDRESS] [--word WORD]... [--json]}: judges
 * passwords read from standard input — never from the command line, where they would land in
 * the shell history and the process list — with the {@code portcullis.password.*} policy from
 * {@code -D}, {@code portcullis.config.file} or {@code portcullis.properties}. On a terminal it
 * prompts without echo; otherwise every line of input is one password. Prints one verdict per
 * password and never the password itself. Exit 0 when every password is accepted, 1 when any is
 * refused, 2 on bad usage or configuration.
 */
@Command(name = "password", mixinStandardHelpOptions = true,
        description = {"Judges passwords read from standard input (one per line; a prompt without echo on a terminal)",
            "with the portcullis.password.* policy from -D, portcullis.config.file or portcullis.properties.",
            "Prints ACCEPT/REJECT, reason codes, the strength estimate and the messages; never the password.",
            "Exit 0 when all are accepted, 1 when any is refused, 2 on bad usage or configuration."})
final class PasswordCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--user", paramLabel = "NAME", description = "User name, a context word.")
    String user;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "E-mail address; its parts are context words.")
    String email;

    @Option(names = "--word", paramLabel = "WORD", description = "Further personal context words (repeatable).")
    List<String> words = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object per password: line, accepted, reasons, messages, guessesLog10, score, patterns, breachCheck.")
    boolean json;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PasswordPolicy policy;
        try {
            policy = PasswordPolicy.fromSettings(Settings.fromSystem());
        } catch (ConfigException e) {
            cl.getErr().println("checkup password: " + e.getMessage());
            cl.getErr().flush();
            return Checkup.EXIT_USAGE;
        }
        PasswordChecker checker = new PasswordChecker(policy);
        PasswordContext context = new PasswordContext(user, email, words);
        List<char[]> passwords = readPasswords();
        PrintWriter out = cl.getOut();
        ObjectMapper mapper = new ObjectMapper();
        boolean anyRefused = false;
        int line = 0;
        for (char[] pw : passwords) {
            line++;
            PasswordVerdict v = checker.check(java.nio.CharBuffer.wrap(pw), context);
            Arrays.fill(pw, '\0');
            anyRefused |= !v.accepted();
            if (json) {
                ObjectNode o = mapper.createObjectNode();
                o.put("line", line);
                o.put("accepted", v.accepted());
                v.reasons().forEach(r -> o.withArray("reasons").add(r.name()));
                v.failures().forEach(f -> o.withArray("messages").add(f.message()));
                o.put("guessesLog10", Math.round(v.strength().guessesLog10() * 100) / 100.0);
                o.put("score", v.strength().score());
                v.strength().patterns().forEach(p -> o.withArray("patterns").add(p));
                o.put("breachCheck", v.breachCheck().name());
                out.println(o);
            } else {
                out.println((v.accepted() ? "ACCEPT" : "REJECT")
                        + (passwords.size() > 1 ? " line " + line : "")
                        + (v.accepted() ? "" : " " + String.join(",", v.reasons().stream().map(Enum::name).toList()))
                        + String.format(Locale.ROOT, " guesses=10^%.1f score=%d", v.strength().guessesLog10(), v.strength().score())
                        + (v.strength().patterns().isEmpty() ? "" : " patterns=\"" + v.strength().description() + "\"")
                        + " breach-check=" + v.breachCheck().name().toLowerCase(Locale.ROOT));
                v.failures().forEach(f -> out.println("  " + f.reason().name() + ": " + f.message()));
            }
        }
        out.flush();
        return anyRefused ? 1 : 0;
    }

    private List<char[]> readPasswords() {
        Console console = System.console();
        if (console != null && System.in == STDIN) {
            char[] pw = console.readPassword("Password (not echoed): ");
            return pw == null ? List.of(new char[0]) : List.of(pw);
        }
        List<char[]> out = new ArrayList<>();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String l;
            while ((l = in.readLine()) != null) {
                out.add(l.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
        if (out.isEmpty()) {
            out.add(new char[0]);
        }
        return out;
    }

    /** The process's own standard input; tests replace {@code System.in} and must not get a prompt. */
    private static final java.io.InputStream STDIN = System.in;
}
