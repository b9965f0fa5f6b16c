package io.portcullis.upload;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.Inflater;

/**
 * Working buffers of one step of an inspection (a zip walk, an image walk, a window scan, a
 * tail read), taken from a small process-wide pool and given back when the step ends, so an
 * inspection of a small file allocates almost nothing of its own. A step nested in another (a
 * package embedded in a package) takes its own instance. The pool keeps at most
 * {@link #POOLED} instances and each keeps arrays of at most {@link #KEEP} bytes, so what stays
 * allocated is bounded whatever the number of container threads (about 0.5 MiB per pooled
 * instance at most); larger arrays are allocated for the step and dropped.
 */
final class Scratch implements AutoCloseable {

    /** The largest array an instance keeps between steps. */
    static final int KEEP = 65_557 + 64;
    /** Instances kept in the pool. */
    static final int POOLED = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    /** Array slots: each step uses its own so two of them never share one array. */
    static final int HEAD = 0;
    static final int TAIL = 1;
    static final int WINDOW = 2;
    static final int IN = 3;
    static final int OUT = 4;
    static final int READER = 5;
    static final int DECODED = 6;
    private static final int SLOTS = 7;

    /** The pool: a few slots, each empty or holding a free instance (no allocation to take or give back). */
    private static final AtomicReferenceArray<Scratch> FREE = new AtomicReferenceArray<>(POOLED);

    private final byte[][] arrays = new byte[SLOTS][];
    private Inflater zlib;
    private Inflater raw;
    private ServerCode.Sink text;
    private ServerCode.Sink pixels;
    private short[] lzwPrefix;
    private byte[] lzwSuffix;
    private byte[] lzwStack;

    private Scratch() {
    }

    /** An instance from the pool, or a new one. Give it back with {@link #close()}. */
    static Scratch take() {
        for (int i = 0; i < POOLED; i++) {
            Scratch s = FREE.get(i);
            if (s != null && FREE.compareAndSet(i, s, null)) {
                return s;
            }
        }
        return new Scratch();
    }

    /**
     * An array of at least {@code min} bytes for {@code slot} (its content is whatever the last
     * step left; callers use only the part they filled).
     */
    byte[] bytes(int slot, int min) {
        byte[] b = arrays[slot];
        if (b != null && b.length >= min) {
            return b;
        }
        b = new byte[Math.max(min, 16)];
        if (b.length <= KEEP) {
            arrays[slot] = b;
        }
        return b;
    }

    /** A reset inflater: {@code nowrap} for raw deflate (zip entries), else zlib. */
    Inflater inflater(boolean nowrap) {
        Inflater z = nowrap ? raw : zlib;
        if (z == null) {
            z = new Inflater(nowrap);
            if (nowrap) {
                raw = z;
            } else {
                zlib = z;
            }
        }
        z.reset();
        return z;
    }

    /** A reset sink for text streams (server code and markup). */
    ServerCode.Sink textSink(int capacity) {
        if (text == null) {
            text = new ServerCode.Sink(capacity, true);
        }
        text.reset();
        return text;
    }

    /** A reset sink for pixel and binary streams (server code only). */
    ServerCode.Sink pixelSink(int capacity) {
        if (pixels == null) {
            pixels = new ServerCode.Sink(capacity, false);
        }
        pixels.reset();
        return pixels;
    }

    short[] lzwPrefix() {
        if (lzwPrefix == null) {
            lzwPrefix = new short[4096];
            lzwSuffix = new byte[4096];
            lzwStack = new byte[4097];
        }
        return lzwPrefix;
    }

    byte[] lzwSuffix() {
        lzwPrefix();
        return lzwSuffix;
    }

    byte[] lzwStack() {
        lzwPrefix();
        return lzwStack;
    }

    /** Gives the instance back to the pool, or frees its native inflaters when the pool is full. */
    @Override
    public void close() {
        for (int i = 0; i < POOLED; i++) {
            if (FREE.get(i) == null && FREE.compareAndSet(i, null, this)) {
                return;
            }
        }
        // the pool is full: free the native memory of the inflaters now rather than at collection
        if (zlib != null) {
            zlib.end();
        }
        if (raw != null) {
            raw.end();
        }
    }
}
