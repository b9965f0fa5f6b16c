package io.portcullis.checkup;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.tika.mime.MimeTypes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar checkup.jar <command>}: audits a running site, an upload folder or a password policy. */
@Command(name = "checkup", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Audits a running site, an upload folder or a password policy for the mistakes Portcullis prevents.",
        subcommands = {UploadsCommand.class, SiteCommand.class, PasswordCommand.class, FrontServerCommand.class})
public final class Checkup {

    /** Exit code for bad usage (picocli's own usage errors use it too). */
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("uploads")) {
            runInShortRunJvm(args);
            preloadTypeDatabase();
        }
        System.exit(commandLine().execute(args));
    }

    /** Runs {@code checkup uploads} in a second JVM and exits with its status, when {@link ShortRunJvm} says so. */
    private static void runInShortRunJvm(String[] args) {
        ProcessHandle.Info self = ProcessHandle.current().info();
        Optional<List<String>> again = ShortRunJvm.command(args, self.command(), self.arguments(),
                System.getProperty(ShortRunJvm.STARTED), ShortRunJvm.checkupLocation());
        if (again.isEmpty()) {
            return;
        }
        try {
            System.exit(ShortRunJvm.run(again.get()));
        } catch (IOException e) {
            // no second JVM could be started: run here, with the JIT as it is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    /**
     * Reads Tika's type database (about 0.2 s: an XML file of 1,700 types) on a second thread
     * while the command line is parsed and the folders are walked; the first inspection then
     * finds it loaded ({@code MimeTypes.getDefaultMimeTypes()} is cached and synchronized).
     */
    private static void preloadTypeDatabase() {
        UploadsCommand.quietTikaLogging();
        Thread t = new Thread(MimeTypes::getDefaultMimeTypes, "checkup-preload");
        t.setDaemon(true);
        t.start();
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Checkup());
    }
}
