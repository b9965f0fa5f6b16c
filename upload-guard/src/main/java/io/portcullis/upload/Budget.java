package io.portcullis.upload;

import java.time.Duration;

/** A wall-clock budget for one inspection; container walkers call {@link #check()} in their loops. */
final class Budget {

    /** Thrown when the budget is spent; the caller reports {@link Reason#CONTAINER_LIMIT}. */
    static final class Exceeded extends Exception {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message, null, false, false);
        }
    }

    private final long deadline;
    private final Duration limit;

    Budget(Duration limit) {
        this.limit = limit;
        this.deadline = System.nanoTime() + limit.toNanos();
    }

    void check() throws Exceeded {
        if (System.nanoTime() - deadline > 0) {
            throw new Exceeded("inspection took longer than " + limit.toSeconds() + " s");
        }
    }
}
