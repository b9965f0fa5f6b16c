package io.portcullis.checkup;

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
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Checkup());
    }
}
