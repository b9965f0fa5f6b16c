package io.portcullis.checkup;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code checkup uploads} is a batch of many small, different inspections that ends within
 * seconds or minutes. On a small machine the JIT's optimising tier (C2) spends more CPU compiling
 * than its code gives back before such a run ends (measured from 620 to 12,400 files on 2 cores:
 * docs/benchmarks.md, "checkup uploads"). A running JVM cannot turn that tier off, so {@code java -jar
 * checkup.jar uploads …} starts itself once more with {@code -XX:TieredStopAtLevel=1} and one
 * compiler thread; standard input, output, error and the exit status pass straight through.
 *
 * <p>It stays in this JVM when the user chose the JIT tier (any {@code -XX:TieredStopAtLevel} or
 * {@code -XX:-TieredCompilation} on the command line: for very long runs, {@code
 * -XX:TieredStopAtLevel=4} keeps C2), when a debugger or agent is attached ({@code -agentlib:},
 * {@code -agentpath:}, {@code -javaagent:}, {@code -Xrunjdwp}), when this JVM is already the
 * second one, when the JDK does not report this JVM's command line (it reports none longer than a
 * few KB), and when checkup is not this JVM's program (called from tests or another application):
 * the command line must end with checkup's main class or jar followed by exactly these arguments.
 */
final class ShortRunJvm {

    /** Set on the second JVM, so it runs the command itself. */
    static final String STARTED = "portcullis.checkup.short-run-jvm";

    static final String TIER = "-XX:TieredStopAtLevel=1";

    /** One compiler thread: with only C1 left, a second one mostly competes with the inspecting threads. */
    static final String COMPILER_THREADS = "-XX:CICompilerCount=1";

    private ShortRunJvm() {
    }

    /**
     * The command that runs these {@code args} again in a short-run JVM, or empty when they should
     * run here.
     *
     * @param java      this JVM's executable ({@code ProcessHandle.Info.command()})
     * @param jvmArgs   its whole argument list after the executable ({@code ProcessHandle.Info.arguments()})
     * @param started   the {@link #STARTED} system property of this JVM
     * @param checkupJar where the checkup classes were loaded from (a jar, or a folder when not packaged)
     */
    static Optional<List<String>> command(String[] args, Optional<String> java, Optional<String[]> jvmArgs,
                                          String started, Path checkupJar) {
        if (args.length == 0 || !args[0].equals("uploads") || started != null || java.isEmpty() || jvmArgs.isEmpty()) {
            return Optional.empty();
        }
        List<String> all = Arrays.asList(jvmArgs.get());
        int program = all.size() - args.length;
        if (program < 1 || !all.subList(program, all.size()).equals(Arrays.asList(args))) {
            return Optional.empty();
        }
        boolean byClass = all.get(program - 1).equals(Checkup.class.getName());
        boolean byJar = program >= 2 && all.get(program - 2).equals("-jar") && sameFile(all.get(program - 1), checkupJar);
        if (!byClass && !byJar) {
            return Optional.empty();
        }
        for (String a : all.subList(0, byClass ? program - 1 : program - 2)) {
            if (a.startsWith("-XX:TieredStopAtLevel") || a.equals("-XX:-TieredCompilation") || isAgent(a)) {
                return Optional.empty();
            }
        }
        List<String> again = new ArrayList<>(all.size() + 3);
        again.add(java.get());
        again.add(TIER);
        again.add(COMPILER_THREADS);
        again.add("-D" + STARTED + "=true");
        again.addAll(all);
        return Optional.of(again);
    }

    /**
     * A debugger or agent on the command line: a second JVM would load it again (and a debugger's
     * port is taken by the first), so checkup runs where it was started.
     */
    private static boolean isAgent(String jvmArg) {
        return jvmArg.startsWith("-agentlib:") || jvmArg.startsWith("-agentpath:") || jvmArg.startsWith("-javaagent:")
                || jvmArg.startsWith("-Xrunjdwp") || jvmArg.equals("-Xdebug");
    }

    /** Runs {@code command} with this process's standard streams; its exit status. */
    static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        // a parent stopped by a signal takes the second JVM with it
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "checkup-short-run-jvm"));
        return p.waitFor();
    }

    /** Where the checkup classes were loaded from, or null when unknown. */
    static Path checkupLocation() {
        try {
            return Path.of(Checkup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static boolean sameFile(String given, Path jar) {
        if (jar == null) {
            return false;
        }
        try {
            return Files.isSameFile(Path.of(given), jar);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
