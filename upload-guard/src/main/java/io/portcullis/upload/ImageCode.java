package io.portcullis.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Server-side code anywhere in an image or media file ({@link ServerCode}'s rule): every raw byte
 * of the file (all chunks, segments, boxes, palettes, entropy-coded and LZW data, whatever their
 * type), and the decompressed streams a re-encoder or a metadata reader would hand on: PNG
 * {@code zTXt}, compressed {@code iTXt}, {@code iCCP} and the IDAT pixel stream (inflated), GIF
 * image data (LZW-decoded) and GIF extension data joined across its sub-blocks. One instance per
 * inspection; its buffers come from the {@link Scratch} pool and are reused for every stream of
 * the file.
 */
final class ImageCode {

    /** Buffer size for compressed input, decompressed output and the scan sinks (allocated on first use). */
    private static final int PIECE = 1 << 14;

    private final FileChannel ch;
    private final UploadPolicy policy;
    private final Budget budget;
    private final Findings f;
    private final String format;
    /** Buffers, sinks, inflater and LZW tables, from the pool; given back by {@link #end()}. */
    private final Scratch scratch = Scratch.take();
    private byte[] in;
    private byte[] out;
    private ServerCode.Sink text;
    private ServerCode.Sink pixels;
    private Inflater inflater;
    /** Inflated bytes of metadata streams so far (the container cap applies to their sum). */
    private long inflated;
    private boolean limitReported;

    ImageCode(FileChannel ch, String format, UploadPolicy policy, Budget budget, Findings f) {
        this.ch = ch;
        this.format = format;
        this.policy = policy;
        this.budget = budget;
        this.f = f;
    }

    /** Every byte of the file, in overlapping windows so no block is cut in two. */
    static void raw(FileChannel ch, long size, String format, Budget budget, Findings f)
            throws IOException, Budget.Exceeded {
        Windows.scan(ch, size, ServerCode.SPAN, budget, (b, len, pos) -> {
            for (int i = 0; i < len && !f.has(Reason.SERVER_CODE); i++) {
                String code = b[i] == '<' ? ServerCode.at(b, i, len) : null;
                if (code != null) {
                    f.add(Reason.SERVER_CODE, "the " + format + " contains server-side code (" + code + ") at byte "
                            + (pos + i));
                }
            }
        });
    }

    // ---- PNG ---------------------------------------------------------------------------------

    /**
     * A compressed PNG text or profile chunk: {@code zTXt} (keyword, NUL, method, data),
     * {@code iTXt} with its compression flag set, {@code iCCP} (name, NUL, method, data).
     * Inflated under {@link UploadPolicy#maxInflatedSize()} for all such chunks together.
     */
    void pngChunk(String type, long data, long len) throws IOException, Budget.Exceeded {
        int head = (int) Math.min(len, 200);
        byte[] h = new byte[head];
        read(ByteBuffer.wrap(h), data);
        int nul = indexOf(h, 0, head, 0);
        if (nul < 0) {
            return;
        }
        int start;
        if (type.equals("iTXt")) {
            if (nul + 2 >= head || h[nul + 1] != 1) {
                return; // uncompressed iTXt: raw bytes, already scanned
            }
            int lang = indexOf(h, nul + 3, head, 0);
            int translated = lang < 0 ? -1 : indexOf(h, lang + 1, head, 0);
            if (translated < 0) {
                return;
            }
            start = translated + 1;
        } else {
            start = nul + 2;
        }
        if (text == null) {
            text = scratch.textSink(PIECE);
        }
        boolean markup = !type.equals("iCCP");
        ServerCode.Sink sink = markup ? text : pixels();
        long cap = policy.maxInflatedSize() - inflated;
        long n = inflate(data + start, len - start, cap, sink, true);
        inflated += n;
        if (n > cap && !limitReported) {
            limitReported = true;
            f.add(Reason.CONTAINER_LIMIT, "the PNG's compressed chunks inflate to more than " + policy.maxInflatedSize()
                    + " bytes");
        }
        report(sink, "PNG " + type + " chunk (inflated)", markup);
    }

    /** The state of the IDAT stream, which continues across consecutive IDAT chunks. */
    private long idatLeft = -1;
    private boolean idatDone;

    /** One IDAT chunk; {@code expected} is the decoded size IHDR implies (the stream stops there). */
    void idat(long data, long len, long expected) throws IOException, Budget.Exceeded {
        if (idatDone) {
            return;
        }
        if (idatLeft < 0) {
            idatLeft = Math.min(expected, policy.maxInflatedSize());
            inflater().reset();
            pixels().reset();
        }
        long n = inflate(data, len, idatLeft, pixels, false);
        idatLeft -= n;
        if (idatLeft <= 0 || inflater.finished()) {
            idatEnd();
        }
    }

    /** The end of the IDAT run (a chunk of another type, or IEND). */
    void idatEnd() {
        if (idatLeft >= 0 && !idatDone) {
            idatDone = true;
            pixels.finish();
            report(pixels, "PNG image data (IDAT, inflated)", false);
        }
    }

    /**
     * Inflates {@code len} file bytes from {@code pos} into {@code sink}, at most {@code cap}
     * bytes (one more is counted when the stream goes on, so a caller sees it passed the cap).
     * {@code whole}: a complete zlib stream (reset first, finish the sink after).
     */
    private long inflate(long pos, long len, long cap, ServerCode.Sink sink, boolean whole)
            throws IOException, Budget.Exceeded {
        Inflater z = inflater();
        buffers();
        if (whole) {
            z.reset();
            sink.reset();
        }
        long total = 0;
        long end = pos + len;
        try {
            while (!z.finished() && total <= cap) {
                if (z.needsInput()) {
                    if (pos >= end) {
                        break;
                    }
                    int k = (int) Math.min(in.length, end - pos);
                    read(ByteBuffer.wrap(in, 0, k), pos);
                    pos += k;
                    z.setInput(in, 0, k);
                }
                if (z.needsDictionary()) {
                    break;
                }
                int k = z.inflate(out, 0, (int) Math.min(out.length, cap - total + 1));
                if (k == 0 && !z.needsInput()) {
                    break;
                }
                sink.write(out, 0, (int) Math.min(k, Math.max(0, cap - total)));
                total += k;
                if ((total & 0xFFFFF) < k) {
                    budget.check();
                }
            }
        } catch (DataFormatException e) {
            // a broken stream: what was inflated so far has been looked at; the raw bytes were scanned
        }
        if (whole) {
            sink.finish();
        }
        return total;
    }

    // ---- TIFF and PSD: compressed pixel data ------------------------------------------------

    /** Decoded pixel bytes of the file so far (strips, tiles, PSD rows and channels share one cap). */
    private long decoded;

    /** Starts the file's decoded pixel stream (TIFF strips and tiles, PSD rows, in file order). */
    void pixelsStart() {
        pixels().reset();
        decoded = 0;
    }

    /** Ends the decoded pixel stream and reports what it holds. */
    void pixelsEnd(String where) {
        pixels.finish();
        report(pixels, where, false);
    }

    /**
     * One TIFF strip or tile, or one PSD zip stream: {@code len} file bytes from {@code pos}
     * decoded by {@code compression} (TIFF numbers: 5 LZW, 8 and 32946 Deflate (zlib), 32773
     * PackBits) into the pixel stream, at most {@link UploadPolicy#maxInflatedSize()} for the
     * whole file (decoding stops there, as for PNG IDAT). Other compressions are left to the raw scan.
     */
    void decode(int compression, long pos, long len) throws IOException, Budget.Exceeded {
        long cap = policy.maxInflatedSize() - decoded;
        if (cap <= 0 || len <= 0) {
            return;
        }
        long n = switch (compression) {
            case 8, 32946 -> inflateStrip(pos, len, cap);
            case 5 -> lzwTiff(pos, len, cap);
            case 32773 -> packBits(pos, len, cap);
            default -> 0;
        };
        decoded += n;
        budget.check();
    }

    /** A zlib stream into the pixel stream, without resetting the sink (strips continue one another). */
    private long inflateStrip(long pos, long len, long cap) throws IOException, Budget.Exceeded {
        Inflater z = inflater();
        z.reset();
        buffers();
        long total = 0;
        long end = pos + len;
        try {
            while (!z.finished() && total < cap) {
                if (z.needsInput()) {
                    if (pos >= end) {
                        break;
                    }
                    int k = (int) Math.min(in.length, end - pos);
                    read(ByteBuffer.wrap(in, 0, k), pos);
                    pos += k;
                    z.setInput(in, 0, k);
                }
                if (z.needsDictionary()) {
                    break;
                }
                int k = z.inflate(out, 0, (int) Math.min(out.length, cap - total));
                if (k == 0 && !z.needsInput()) {
                    break;
                }
                pixels.write(out, 0, k);
                total += k;
                if ((total & 0xFFFFF) < k) {
                    budget.check();
                }
            }
        } catch (DataFormatException e) {
            // a broken strip: what was inflated so far has been looked at; the raw bytes were scanned
        }
        return total;
    }

    /** File bytes from {@code pos}, one at a time, through the input buffer; -1 past {@code end}. */
    private final class Bytes {
        private long pos;
        private final long end;
        private int at;
        private int filled;

        Bytes(long pos, long len) {
            this.pos = pos;
            this.end = pos + len;
            buffers();
        }

        int next() throws IOException {
            if (at == filled) {
                if (pos >= end) {
                    return -1;
                }
                filled = (int) Math.min(in.length, end - pos);
                read(ByteBuffer.wrap(in, 0, filled), pos);
                pos += filled;
                at = 0;
            }
            return in[at++] & 0xff;
        }
    }

    /** PackBits (TIFF 32773, PSD RLE rows): a header n, then n + 1 literal bytes or one byte 1 - n times. */
    long packBits(long pos, long len, long cap) throws IOException, Budget.Exceeded {
        Bytes b = new Bytes(pos, len);
        long total = 0;
        int o = 0;
        while (total + o < cap) {
            int h = b.next();
            if (h < 0) {
                break;
            }
            if (h < 128) {
                for (int i = 0; i <= h; i++) {
                    int c = b.next();
                    if (c < 0) {
                        break;
                    }
                    out[o++] = (byte) c;
                    if (o == out.length) {
                        pixels.write(out, 0, o);
                        total += o;
                        o = 0;
                        budget.check();
                    }
                }
            } else if (h > 128) {
                int c = b.next();
                if (c < 0) {
                    break;
                }
                for (int i = 0; i < 257 - h; i++) {
                    out[o++] = (byte) c;
                    if (o == out.length) {
                        pixels.write(out, 0, o);
                        total += o;
                        o = 0;
                        budget.check();
                    }
                }
            }
        }
        pixels.write(out, 0, o);
        return total + o;
    }

    /**
     * TIFF LZW (TIFF 6.0 §13): codes read most significant bit first, 9 to 12 bits wide, 256
     * clears the table, 257 ends the strip, and the width grows one code early (at 511, 1023,
     * 2047), as every TIFF writer does.
     */
    private long lzwTiff(long pos, long len, long cap) throws IOException, Budget.Exceeded {
        if (prefix == null) {
            prefix = scratch.lzwPrefix();
            suffix = scratch.lzwSuffix();
            stack = scratch.lzwStack();
        }
        Bytes b = new Bytes(pos, len);
        for (int i = 0; i < 256; i++) {
            prefix[i] = -1;
            suffix[i] = (byte) i;
        }
        int width = 9;
        int next = 258;
        int prev = -1;
        int first = 0;
        long acc = 0;
        int bits = 0;
        long total = 0;
        int o = 0;
        decode:
        while (total + o < cap) {
            while (bits < width) {
                int c = b.next();
                if (c < 0) {
                    break decode;
                }
                acc = acc << 8 | c;
                bits += 8;
            }
            int code = (int) (acc >>> (bits - width)) & ((1 << width) - 1);
            bits -= width;
            if (code == 256) {
                width = 9;
                next = 258;
                prev = -1;
                continue;
            }
            if (code == 257 || code > next || prev < 0 && code > 255) {
                break;
            }
            int sp = 0;
            int c = code;
            if (code == next) {
                stack[sp++] = (byte) first;
                c = prev;
            }
            while (c > 255) {
                stack[sp++] = suffix[c];
                c = prefix[c];
                if (sp >= stack.length) {
                    break decode;
                }
            }
            stack[sp++] = (byte) c;
            first = c;
            if (prev >= 0 && next < 4096) {
                prefix[next] = (short) prev;
                suffix[next] = (byte) first;
                next++;
                if (next + 1 == 1 << width && width < 12) {
                    width++;
                }
            }
            prev = code;
            while (sp > 0) {
                out[o++] = stack[--sp];
                if (o == out.length) {
                    pixels.write(out, 0, o);
                    total += o;
                    o = 0;
                    budget.check();
                }
            }
        }
        pixels.write(out, 0, o);
        return total + o;
    }

    // ---- GIF ---------------------------------------------------------------------------------

    /** Sub-block data of one extension block (any label), joined, as text. */
    ServerCode.Sink extension() {
        if (text == null) {
            text = scratch.textSink(PIECE);
        }
        text.reset();
        return text;
    }

    void extensionEnd(int label) {
        text.finish();
        report(text, String.format("GIF extension block 0x%02X", label), true);
    }

    private short[] prefix;
    private byte[] suffix;
    private byte[] stack;

    /**
     * LZW-decodes one GIF image's data (the reader is on the first sub-block length) into the
     * pixel stream, at most {@code pixelCount} indices; always leaves the reader after the
     * block terminator. A stream that breaks the LZW rules stops the decoding, not the walk.
     */
    void lzw(Images.SubBlocks blocks, int minCodeSize, long pixelCount) throws IOException, Budget.Exceeded {
        if (minCodeSize < 2 || minCodeSize > 8) {
            blocks.skipRest();
            return;
        }
        if (prefix == null) {
            prefix = scratch.lzwPrefix();
            suffix = scratch.lzwSuffix();
            stack = scratch.lzwStack();
        }
        ServerCode.Sink sink = pixels();
        sink.reset();
        buffers();
        long cap = Math.min(pixelCount, policy.maxInflatedSize());
        int clear = 1 << minCodeSize;
        int codeSize = minCodeSize + 1;
        int next = clear + 2;
        int prev = -1;
        int first = 0;
        int acc = 0;
        int bits = 0;
        long total = 0;
        int o = 0;
        for (int i = 0; i < clear; i++) {
            prefix[i] = -1;
            suffix[i] = (byte) i;
        }
        decode:
        while (total < cap) {
            while (bits < codeSize) {
                int b = blocks.next();
                if (b < 0) {
                    break decode;
                }
                acc |= b << bits;
                bits += 8;
            }
            int code = acc & ((1 << codeSize) - 1);
            acc >>>= codeSize;
            bits -= codeSize;
            if (code == clear) {
                codeSize = minCodeSize + 1;
                next = clear + 2;
                prev = -1;
                continue;
            }
            if (code == clear + 1 || code > next || prev < 0 && code >= clear) {
                break;
            }
            int sp = 0;
            int c = code;
            if (code == next) {
                stack[sp++] = (byte) first;
                c = prev;
            }
            while (c >= clear) {
                stack[sp++] = suffix[c];
                c = prefix[c];
                if (sp >= stack.length) {
                    break decode;
                }
            }
            stack[sp++] = (byte) c;
            first = c;
            if (prev >= 0 && next < 4096) {
                prefix[next] = (short) prev;
                suffix[next] = (byte) first;
                next++;
                if (next == 1 << codeSize && codeSize < 12) {
                    codeSize++;
                }
            }
            prev = code;
            while (sp > 0) {
                out[o++] = stack[--sp];
                if (o == out.length) {
                    sink.write(out, 0, o);
                    total += o;
                    o = 0;
                    budget.check();
                }
            }
        }
        sink.write(out, 0, o);
        sink.finish();
        blocks.skipRest();
        report(sink, "GIF image data (LZW-decoded)", false);
    }

    // ---- shared ------------------------------------------------------------------------------

    private void buffers() {
        if (out == null) {
            in = scratch.bytes(Scratch.IN, PIECE);
            out = scratch.bytes(Scratch.OUT, PIECE);
        }
    }

    private ServerCode.Sink pixels() {
        if (pixels == null) {
            pixels = scratch.pixelSink(PIECE);
        }
        return pixels;
    }

    private Inflater inflater() {
        if (inflater == null) {
            inflater = scratch.inflater(false);
        }
        return inflater;
    }

    /** The pooled buffers of this inspection, for the image walk's reader. */
    Scratch scratch() {
        return scratch;
    }

    /** Reports an IDAT run the walk did not see end (a truncated file) and gives the buffers back. */
    void end() {
        try {
            idatEnd();
        } finally {
            scratch.close();
        }
    }

    private void report(ServerCode.Sink sink, String where, boolean markup) {
        if (sink.code() != null) {
            f.add(Reason.SERVER_CODE, "the " + format + " " + where + " contains server-side code (" + sink.code() + ")");
        }
        if (markup && sink.script() != null) {
            f.add(Reason.ACTIVE_CONTENT, "the " + format + " " + where + " contains markup (" + sink.script() + ")");
        }
    }

    private void read(ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining() && ch.read(b, pos + b.position()) >= 0) {
            // fill
        }
    }

    private static int indexOf(byte[] b, int from, int to, int value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
