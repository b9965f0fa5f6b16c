package io.portcullis.upload;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Reads a spooled file in 1 MiB windows that overlap by a few bytes, so a marker split across
 * two windows is still seen whole, checking the inspection's time budget before each window.
 */
final class Windows {

    static final int SIZE = 1 << 20;

    /** Looks at one window: {@code b[0, len)} holds the file's bytes from offset {@code pos}. */
    interface Visitor {
        void visit(byte[] b, int len, long pos);
    }

    private Windows() {
    }

    static void scan(FileChannel ch, long size, int overlap, Budget budget, Visitor visitor)
            throws IOException, Budget.Exceeded {
        // one buffer for every window: a 10 MiB file costs one 1 MiB array, not ten; a small
        // file's window comes from the scratch pool and costs nothing
        try (Scratch scratch = Scratch.take()) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(scratch.bytes(Scratch.WINDOW, (int) Math.min(SIZE, size)));
            for (long pos = 0; pos < size; pos += SIZE - overlap) {
                budget.check();
                int len = (int) Math.min(SIZE, size - pos);
                buf.clear().limit(len);
                while (buf.hasRemaining() && ch.read(buf, pos + buf.position()) >= 0) {
                    // fill the window
                }
                visitor.visit(buf.array(), buf.position(), pos);
                if (pos + len >= size) {
                    break;
                }
            }
        }
    }
}
