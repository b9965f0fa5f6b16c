package io.portcullis.upload;

import java.time.Duration;

/**
 * The budget of one upload's inspection, shared by every nested container: wall-clock time
 * (container walkers call {@link #check()} in their loops) and the bytes inflated so far.
 */
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

    private long inflated;

    /** Counts {@code n} more inflated bytes; false once the upload's total passes {@code max}. */
    boolean inflate(long n, long max) {
        inflated += n;
        return inflated <= max;
    }

    long inflated() {
        return inflated;
    }

    void check() throws Exceeded {
        if (System.nanoTime() - deadline > 0) {
            throw new Exceeded("inspection took longer than " + limit.toSeconds() + " s");
        }
    }
}
