package io.portcullis.demo;

/**
 * Named instants at which the resilience tests make a forked demo die as {@code kill -9} would
 * ({@link Runtime#halt}: no shutdown hook, no finally block, no flush). Off unless the system
 * property {@value #PROPERTY} names the point; a normal run never sets it.
 */
final class CrashPoints {

    static final String PROPERTY = "demo.test.crash-at"; // outside portcullis.*, which the library readers own
    /** After the upload store committed the file, before the database row is written. */
    static final String UPLOAD_STORED = "upload-stored";
    /** After the container spooled the multipart body, before the upload store saw it. */
    static final String UPLOAD_SPOOLED = "upload-spooled";

    private static final String CHOSEN = System.getProperty(PROPERTY, "");

    private CrashPoints() {
    }

    static void reach(String point) {
        if (CHOSEN.equals(point)) {
            Runtime.getRuntime().halt(137);
        }
    }
}
