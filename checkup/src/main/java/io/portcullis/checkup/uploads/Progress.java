package io.portcullis.checkup.uploads;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress bar on standard error, drawn only when standard error is a terminal (so
 * redirected output and CI logs stay clean) and only for scans long enough to need one. No
 * dependency: a carriage return and a bar, redrawn at most ten times a second.
 */
public final class Progress implements AutoCloseable {

    /** Scans with fewer files than this finish too fast to need a bar. */
    public static final int MIN_FILES = 50;

    private final PrintWriter err;
    private final long total;
    private final boolean enabled;
    private long done;
    private long lastDraw;

    public Progress(PrintWriter err, long total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled && total >= MIN_FILES;
    }

    /** Whether standard error is a terminal (Linux {@code /proc}, else {@code System.console()}). */
    public static boolean stderrIsTerminal() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (Files.exists(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception e) {
            // fall through
        }
        return System.console() != null;
    }

    public boolean enabled() {
        return enabled;
    }

    /** One more file done. */
    public void step() {
        done++;
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done == total || now - lastDraw > 100_000_000L) {
            lastDraw = now;
            int width = 30;
            int filled = (int) (width * done / Math.max(total, 1));
            err.print("\r[" + "=".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " files");
            err.flush();
        }
    }

    @Override
    public void close() {
        if (enabled) {
            err.print("\r" + " ".repeat(60) + "\r");
            err.flush();
        }
    }
}
