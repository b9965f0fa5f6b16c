package io.portcullis.checkup.cli;

import io.portcullis.checkup.site.SiteAudit;
import java.io.PrintWriter;

/**
 * A one-line progress indicator on standard error for audits that take more than a second:
 * nothing is drawn before {@link #DELAY_NANOS}, the line is redrawn in place with a carriage
 * return and wiped when the audit ends, and nothing at all is drawn when standard error is not
 * a terminal.
 */
public final class StageProgress implements SiteAudit.Progress {

    /** Audits shorter than this show nothing. */
    public static final long DELAY_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start;
    private final java.util.function.LongSupplier clock;
    private boolean drawn;
    private int stages;

    public StageProgress(PrintWriter err, boolean enabled, java.util.function.LongSupplier nanoClock) {
        this.err = err;
        this.enabled = enabled;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    @Override
    public void step(String stage) {
        stages++;
        if (!enabled || clock.getAsLong() - start < DELAY_NANOS) {
            return;
        }
        String line = "checkup site: " + stage + "... (" + stages + ")";
        err.print("\r" + line + " ".repeat(Math.max(0, 60 - line.length())));
        err.flush();
        drawn = true;
    }

    @Override
    public void done() {
        if (drawn) {
            err.print("\r" + " ".repeat(60) + "\r");
            err.flush();
        }
    }

    /** Whether anything was drawn (for tests). */
    public boolean drawn() {
        return drawn;
    }
}
