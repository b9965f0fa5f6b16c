package io.portcullis.checkup.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Command-line habits shared by the subcommands: colour only on a terminal and never when
 * {@code --no-color} or the {@code NO_COLOR} environment variable (no-color.org: any non-empty
 * value) says no, or when the output is piped.
 */
public final class Terminal {

    private Terminal() {
    }

    /** Whether standard output (fd 1) or error (fd 2) is a terminal (Linux {@code /proc}, else {@code System.console()}). */
    public static boolean isTerminal(int fd) {
        try {
            Path link = Path.of("/proc/self/fd/" + fd);
            if (Files.exists(link)) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception e) {
            // fall through
        }
        return System.console() != null;
    }

    /** The colour decision: a terminal, no {@code --no-color}, no non-empty {@code NO_COLOR}. */
    public static boolean colour(boolean noColorFlag, Map<String, String> env, boolean stdoutIsTerminal) {
        String noColor = env.get("NO_COLOR");
        return stdoutIsTerminal && !noColorFlag && (noColor == null || noColor.isEmpty());
    }

    /** ANSI colours for PASS/WARN/FAIL; identity when colour is off. */
    public record Palette(boolean on) {
        public String green(String s) {
            return on ? "\u001b[32m" + s + "\u001b[0m" : s;
        }

        public String yellow(String s) {
            return on ? "\u001b[33m" + s + "\u001b[0m" : s;
        }

        public String red(String s) {
            return on ? "\u001b[31m" + s + "\u001b[0m" : s;
        }

        public String bold(String s) {
            return on ? "\u001b[1m" + s + "\u001b[0m" : s;
        }
    }
}
