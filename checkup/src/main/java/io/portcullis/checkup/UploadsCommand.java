package io.portcullis.checkup;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Not built yet: being written in this session. */
@Command(name = "uploads", description = "(not built yet)")
final class UploadsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("checkup uploads: not built yet");
        return Checkup.EXIT_USAGE;
    }
}
