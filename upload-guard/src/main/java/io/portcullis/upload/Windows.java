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
        for (long pos = 0; pos < size; pos += SIZE - overlap) {
            budget.check();
            int len = (int) Math.min(SIZE, size - pos);
            visitor.visit(ZipInspector.read(ch, pos, len).array(), len, pos);
            if (pos + len >= size) {
                break;
            }
        }
    }
}
