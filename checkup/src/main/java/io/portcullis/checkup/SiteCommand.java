package io.portcullis.checkup;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Not built yet: being written in this session. */
@Command(name = "site", description = "(not built yet)")
final class SiteCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("checkup site: not built yet");
        return Checkup.EXIT_USAGE;
    }
}
