package io.portcullis.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks image structures without decoding pixels: reads dimensions from headers (PNG IHDR,
 * JPEG SOFn, GIF screen and frames, WebP VP8/VP8L/VP8X, BMP, PSD, TIFF IFD0, HEIF/AVIF ispe) and caps them,
 * finds the real end marker (JPEG EOI, PNG IEND, GIF trailer, RIFF size) and reports any data
 * after it, looks for server-side code in every byte of the file and in its decompressed streams
 * ({@link ImageCode}), and for HTML markup in text metadata (JPEG COM/APPn, PNG tEXt/iTXt/zTXt,
 * GIF extension blocks).
 */
final class Images {

    private Images() {
    }

    /** A sequential reader over the file with bounds checks. */
    private static final class In {
        final FileChannel ch;
        final long size;
        long pos;
        final ByteBuffer buf;
        long bufStart = -1;

        In(FileChannel ch, long size, long pos, Scratch scratch) {
            this.ch = ch;
            this.size = size;
            this.pos = pos;
            // a window of at most 64 KiB from the inspection's pooled buffers (no allocation per inspection)
            this.buf = ByteBuffer.wrap(scratch.bytes(Scratch.READER, (int) Math.max(16, Math.min(1 << 16, size))));
        }

        int u8(long at) throws IOException {
            if (at < 0 || at >= size) {
                throw new Truncated();
            }
            if (bufStart < 0 || at < bufStart || at >= bufStart + buf.limit()) {
                buf.clear();
                bufStart = at;
                while (buf.hasRemaining() && ch.read(buf, bufStart + buf.position()) > 0) {
                    // fill
                }
                buf.flip();
            }
            return buf.get((int) (at - bufStart)) & 0xff;
        }

        int next() throws IOException {
            return u8(pos++);
        }

        byte[] bytes(long at, int len) throws IOException {
            if (at + len > size) {
                throw new Truncated();
            }
            return ZipInspector.read(ch, at, len).array();
        }
    }

    private static final class Truncated extends IOException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super("truncated", null);
        }
    }

    static void check(Family family, FileChannel ch, long size, UploadPolicy policy, Budget budget, Findings f)
            throws IOException {
        ImageCode code = new ImageCode(ch, family.name(), policy, budget, f);
        try {
            ImageCode.raw(ch, size, family.name(), budget, f);
            switch (family) {
                case PNG -> png(new In(ch, size, 8, code.scratch()), policy, code, f);
                case JPEG -> jpeg(new In(ch, size, 2, code.scratch()), policy, budget, f);
                case GIF -> gif(new In(ch, size, 6, code.scratch()), policy, budget, code, f);
                case WEBP -> webp(new In(ch, size, 0, code.scratch()), policy, f);
                case BMP -> {
                    In in = new In(ch, size, 0, code.scratch());
                    pixels(Math.abs(le32(in, 18)), Math.abs(le32(in, 22)), policy, f, "BMP");
                }
                case PSD -> psd(new In(ch, size, 0, code.scratch()), policy, code, f);
                case TIFF -> tiff(new In(ch, size, 0, code.scratch()), policy, code, f);
                case HEIF -> heif(new In(ch, size, 0, code.scratch()), policy, f);
                default -> {
                }
            }
        } catch (Truncated e) {
            f.add(Reason.MALFORMED, "the " + family.name() + " image is truncated");
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "image " + e.getMessage());
        } finally {
            code.end();
        }
    }

    /** Media files (audio, video): server code anywhere in their bytes; their structure is not walked. */
    static void media(FileChannel ch, long size, Budget budget, Findings f) throws IOException {
        try {
            ImageCode.raw(ch, size, "media file", budget, f);
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "media " + e.getMessage());
        }
    }

    private static void pixels(long w, long h, UploadPolicy policy, Findings f, String what) {
        if (w <= 0 || h <= 0) {
            f.add(Reason.MALFORMED, what + " dimensions " + w + "x" + h + " are invalid");
        } else if (w * h > policy.maxPixels()) {
            f.add(Reason.PIXEL_LIMIT, what + " image is " + w + "x" + h + " = " + w * h + " pixels; the limit is "
                    + policy.maxPixels());
        }
    }

    private static void png(In in, UploadPolicy policy, ImageCode code, Findings f)
            throws IOException, Budget.Exceeded {
        boolean first = true;
        long expected = 0;
        while (true) {
            long len = be32(in, in.pos) & 0xFFFFFFFFL;
            byte[] type = in.bytes(in.pos + 4, 4);
            String t = new String(type, java.nio.charset.StandardCharsets.ISO_8859_1);
            long data = in.pos + 8;
            if (len > Integer.MAX_VALUE || data + len + 4 > in.size) {
                throw new Truncated();
            }
            if (first) {
                if (!t.equals("IHDR") || len != 13) {
                    f.add(Reason.MALFORMED, "the PNG does not start with IHDR");
                    return;
                }
                long w = be32(in, data) & 0xFFFFFFFFL;
                long h = be32(in, data + 4) & 0xFFFFFFFFL;
                pixels(w, h, policy, f, "PNG");
                expected = decodedSize(w, h, in.u8(data + 8), in.u8(data + 9), in.u8(data + 12));
                first = false;
            }
            if (t.equals("IDAT")) {
                code.idat(data, len, expected);
            } else {
                code.idatEnd();
            }
            if ((t.equals("tEXt") || t.equals("iTXt")) && len > 0) {
                byte[] text = in.bytes(data, (int) Math.min(len, 1 << 20));
                code(text, f, "PNG " + t + " chunk");
            }
            if ((t.equals("zTXt") || t.equals("iTXt") || t.equals("iCCP")) && len > 2) {
                code.pngChunk(t, data, len);
            }
            in.pos = data + len + 4;
            if (t.equals("IEND")) {
                trailing(in, f, "PNG IEND");
                return;
            }
        }
    }

    /**
     * The size of the filtered scanlines IHDR implies (one filter byte per row; Adam7 adds at
     * most 7 rows' filter bytes and padding per pass), the end of the IDAT stream a decoder reads.
     */
    private static long decodedSize(long w, long h, int depth, int colour, int interlace) {
        int channels = switch (colour) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
        long rowBytes = (w * channels * Math.max(1, depth) + 7) / 8;
        long size = h * (1 + rowBytes);
        return interlace == 0 ? size : size + 7 * (h + rowBytes + 8);
    }

    private static void jpeg(In in, UploadPolicy policy, Budget budget, Findings f) throws IOException, Budget.Exceeded {
        boolean sized = false;
        while (true) {
            int ff = in.next();
            if (ff != 0xFF) {
                f.add(Reason.MALFORMED, "the JPEG has a bad segment marker");
                return;
            }
            int marker = in.next();
            while (marker == 0xFF) {
                marker = in.next();
            }
            if (marker == 0xD9) {
                trailing(in, f, "JPEG end marker (FFD9)");
                return;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            int len = (in.u8(in.pos) << 8) | in.u8(in.pos + 1);
            if (len < 2) {
                f.add(Reason.MALFORMED, "the JPEG has a bad segment length");
                return;
            }
            long data = in.pos + 2;
            if (data + len - 2 > in.size) {
                throw new Truncated();
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                int h = (in.u8(data + 1) << 8) | in.u8(data + 2);
                int w = (in.u8(data + 3) << 8) | in.u8(data + 4);
                if (!sized) {
                    pixels(w, h == 0 ? 1 : h, policy, f, "JPEG");
                    sized = true;
                }
            }
            if (marker == 0xFE || (marker >= 0xE0 && marker <= 0xEF)) {
                byte[] segment = in.bytes(data, len - 2);
                String where = "JPEG " + (marker == 0xFE ? "comment" : "APP" + (marker - 0xE0)) + " segment";
                code(segment, f, where);
                String other = Hidden.format(segment, 0, segment.length);
                if (other != null) {
                    f.add(Reason.POLYGLOT, "the " + where + " carries " + other);
                }
            }
            in.pos = data + len - 2;
            if (marker == 0xDA) {
                // entropy-coded data: runs until a marker other than stuffing (FF00) or RSTn
                long scanned = 0;
                while (true) {
                    int b = in.next();
                    if ((++scanned & 0xFFFFF) == 0) {
                        budget.check();
                    }
                    if (b != 0xFF) {
                        continue;
                    }
                    int m = in.u8(in.pos);
                    if (m == 0x00 || (m >= 0xD0 && m <= 0xD7) || m == 0xFF) {
                        in.pos++;
                        if (m == 0xFF) {
                            in.pos--;
                        }
                        continue;
                    }
                    in.pos--;
                    break;
                }
            }
        }
    }

    private static void gif(In in, UploadPolicy policy, Budget budget, ImageCode code, Findings f)
            throws IOException, Budget.Exceeded {
        int w = in.next() | in.next() << 8;
        int h = in.next() | in.next() << 8;
        pixels(w, h, policy, f, "GIF");
        int flags = in.next();
        in.pos += 2;
        if ((flags & 0x80) != 0) {
            in.pos += 3L * (1 << ((flags & 7) + 1));
        }
        int frames = 0;
        while (true) {
            budget.check();
            int block = in.next();
            if (block == 0x3B) {
                trailing(in, f, "GIF trailer");
                return;
            } else if (block == 0x21) {
                int label = in.next();
                SubBlocks blocks = new SubBlocks(in);
                ServerCode.Sink sink = code.extension();
                for (int n = blocks.block(); n > 0; n = blocks.block()) {
                    sink.write(in.bytes(in.pos, n), 0, n);
                    in.pos += n;
                }
                code.extensionEnd(label);
            } else if (block == 0x2C) {
                in.pos += 4;
                int fw = in.next() | in.next() << 8;
                int fh = in.next() | in.next() << 8;
                pixels(fw, fh, policy, f, "GIF frame");
                if (++frames > 10_000) {
                    f.add(Reason.PIXEL_LIMIT, "the GIF has more than 10000 frames");
                    return;
                }
                int lf = in.next();
                if ((lf & 0x80) != 0) {
                    in.pos += 3L * (1 << ((lf & 7) + 1));
                }
                int minCodeSize = in.next();
                code.lzw(new SubBlocks(in), minCodeSize, (long) fw * fh);
            } else {
                f.add(Reason.MALFORMED, String.format("the GIF has an unknown block 0x%02X", block));
                return;
            }
        }
    }

    /** The data sub-blocks of a GIF block, read one at a time or byte by byte, ending at the zero-length block. */
    static final class SubBlocks {
        private final In in;
        private int left;
        private boolean ended;

        private SubBlocks(In in) {
            this.in = in;
        }

        /** The length of the next sub-block (the reader is on its data), or 0 at the terminator. */
        int block() throws IOException {
            if (ended) {
                return 0;
            }
            left = in.next();
            if (left == 0) {
                ended = true;
            } else if (in.pos + left > in.size) {
                throw new Truncated();
            }
            return left;
        }

        /** The next data byte across sub-blocks, or -1 at the terminator. */
        int next() throws IOException {
            while (left == 0) {
                if (block() == 0) {
                    return -1;
                }
            }
            left--;
            return in.next();
        }

        /** Skips whatever data is left, up to and including the terminator. */
        void skipRest() throws IOException {
            in.pos += left;
            left = 0;
            while (block() > 0) {
                in.pos += left;
                left = 0;
            }
        }
    }

    private static void webp(In in, UploadPolicy policy, Findings f) throws IOException {
        long riff = le32(in, 4) & 0xFFFFFFFFL;
        if (riff + 8 > in.size) {
            throw new Truncated();
        }
        if (riff + 8 + (riff & 1) < in.size) {
            f.add(Reason.POLYGLOT, "data follows the WebP RIFF chunk (" + (in.size - riff - 8) + " bytes)");
        }
        byte[] fourcc = in.bytes(12, 4);
        String c = new String(fourcc, java.nio.charset.StandardCharsets.ISO_8859_1);
        switch (c) {
            case "VP8 " -> pixels((in.u8(26) | in.u8(27) << 8) & 0x3FFF, (in.u8(28) | in.u8(29) << 8) & 0x3FFF, policy, f, "WebP");
            case "VP8L" -> {
                long bits = le32(in, 21) & 0xFFFFFFFFL;
                pixels((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, policy, f, "WebP");
            }
            case "VP8X" -> pixels(1 + (in.u8(24) | in.u8(25) << 8 | in.u8(26) << 16),
                    1 + (in.u8(27) | in.u8(28) << 8 | in.u8(29) << 16), policy, f, "WebP");
            default -> f.add(Reason.MALFORMED, "the WebP has an unknown first chunk");
        }
    }

    /** The most strips or tiles of one TIFF whose compressed data is decoded (more are left to the raw scan). */
    static final int MAX_STRIPS = 1 << 16;

    private static void tiff(In in, UploadPolicy policy, ImageCode code, Findings f) throws IOException, Budget.Exceeded {
        boolean little = in.u8(0) == 'I';
        long ifd = little ? le32(in, 4) & 0xFFFFFFFFL : be32(in, 4) & 0xFFFFFFFFL;
        if (ifd < 8 || ifd + 2 > in.size) {
            throw new Truncated();
        }
        int n = little ? in.u8(ifd) | in.u8(ifd + 1) << 8 : in.u8(ifd) << 8 | in.u8(ifd + 1);
        long w = -1;
        long h = -1;
        int compression = 1;
        long[] offsets = null;
        long[] counts = null;
        for (int i = 0; i < n && i < 4096; i++) {
            long e = ifd + 2 + 12L * i;
            int tag = little ? in.u8(e) | in.u8(e + 1) << 8 : in.u8(e) << 8 | in.u8(e + 1);
            int type = little ? in.u8(e + 2) | in.u8(e + 3) << 8 : in.u8(e + 2) << 8 | in.u8(e + 3);
            long value = type == 3 ? (little ? in.u8(e + 8) | in.u8(e + 9) << 8 : in.u8(e + 8) << 8 | in.u8(e + 9))
                    : (little ? le32(in, e + 8) : be32(in, e + 8)) & 0xFFFFFFFFL;
            if (tag == 256) {
                w = value;
            } else if (tag == 257) {
                h = value;
            } else if (tag == 259) {
                compression = (int) value;
            } else if (tag == 273 || tag == 324) {
                offsets = tiffArray(in, little, e, type);
            } else if (tag == 279 || tag == 325) {
                counts = tiffArray(in, little, e, type);
            }
        }
        if (w > 0 && h > 0) {
            pixels(w, h, policy, f, "TIFF");
        }
        if (offsets != null && counts != null && (compression == 5 || compression == 8 || compression == 32946
                || compression == 32773)) {
            code.pixelsStart();
            for (int i = 0; i < offsets.length && i < counts.length; i++) {
                if (offsets[i] + counts[i] <= in.size) {
                    code.decode(compression, offsets[i], counts[i]);
                }
            }
            code.pixelsEnd("TIFF image data (decompressed)");
        }
    }

    /** The SHORT or LONG values of a TIFF entry (inline or at its offset), at most {@link #MAX_STRIPS}; null otherwise. */
    private static long[] tiffArray(In in, boolean little, long e, int type) throws IOException {
        if (type != 3 && type != 4) {
            return null;
        }
        long count = (little ? le32(in, e + 4) : be32(in, e + 4)) & 0xFFFFFFFFL;
        int size = type == 3 ? 2 : 4;
        int k = (int) Math.min(count, MAX_STRIPS);
        long at = count * size <= 4 ? e + 8 : (little ? le32(in, e + 8) : be32(in, e + 8)) & 0xFFFFFFFFL;
        if (at + (long) k * size > in.size) {
            return null;
        }
        long[] v = new long[k];
        for (int i = 0; i < k; i++) {
            long p = at + (long) i * size;
            v[i] = size == 2 ? (little ? in.u8(p) | in.u8(p + 1) << 8 : in.u8(p) << 8 | in.u8(p + 1))
                    : (little ? le32(in, p) : be32(in, p)) & 0xFFFFFFFFL;
        }
        return v;
    }

    /**
     * PSD and PSB: the pixel cap from the header, and the compressed image data decoded into the
     * pixel stream: every layer channel and the merged image, RLE (PackBits rows after their
     * byte-count table) or zip (zlib, with or without prediction). Raw (uncompressed) data is
     * what the raw scan already sees.
     */
    private static void psd(In in, UploadPolicy policy, ImageCode code, Findings f) throws IOException, Budget.Exceeded {
        boolean psb = in.u8(5) == 2;
        int channels = in.u8(12) << 8 | in.u8(13);
        long height = be32(in, 14) & 0xFFFFFFFFL;
        pixels(be32(in, 18), be32(in, 14), policy, f, "PSD");
        long p = 26;
        p += 4 + (be32(in, p) & 0xFFFFFFFFL); // colour mode data
        p += 4 + (be32(in, p) & 0xFFFFFFFFL); // image resources
        long layerAndMask = psb ? be64(in, p) : be32(in, p) & 0xFFFFFFFFL;
        long sectionStart = p + (psb ? 8 : 4);
        long imageData = sectionStart + layerAndMask;
        code.pixelsStart();
        if (layerAndMask > 0 && sectionStart + (psb ? 8 : 4) <= in.size) {
            long infoLength = psb ? be64(in, sectionStart) : be32(in, sectionStart) & 0xFFFFFFFFL;
            long q = sectionStart + (psb ? 8 : 4);
            if (infoLength > 0 && q + 2 <= in.size) {
                psdLayers(in, q, Math.min(q + infoLength, in.size), psb, code);
            }
        }
        if (imageData + 2 <= in.size) {
            int compression = in.u8(imageData) << 8 | in.u8(imageData + 1);
            long data = imageData + 2;
            psdChannel(compression, data, in.size - data, (long) channels * height, psb, code);
        }
        code.pixelsEnd("PSD image data (decompressed)");
    }

    /** The layer records, then each layer's channel image data in order. */
    private static void psdLayers(In in, long p, long end, boolean psb, ImageCode code) throws IOException, Budget.Exceeded {
        int layers = Math.abs((short) (in.u8(p) << 8 | in.u8(p + 1)));
        p += 2;
        long[] rows = new long[Math.min(layers, 4096) * 64];
        long[] lengths = new long[rows.length];
        int channelsTotal = 0;
        for (int l = 0; l < layers && l < 4096; l++) {
            long top = be32(in, p);
            long bottom = be32(in, p + 8);
            int channels = in.u8(p + 16) << 8 | in.u8(p + 17);
            p += 18;
            for (int c = 0; c < channels; c++) {
                int id = (short) (in.u8(p) << 8 | in.u8(p + 1));
                long length = psb ? be64(in, p + 2) : be32(in, p + 2) & 0xFFFFFFFFL;
                p += psb ? 10 : 6;
                if (channelsTotal < rows.length) {
                    // masks (ids -2, -3) have their own rectangle: their RLE table size is unknown here
                    rows[channelsTotal] = id >= -1 ? Math.max(0, bottom - top) : -1;
                    lengths[channelsTotal++] = length;
                }
            }
            p += 12; // blend mode signature and key, opacity, clipping, flags, filler
            p += 4 + (be32(in, p) & 0xFFFFFFFFL); // extra data
            if (p > end) {
                return;
            }
        }
        for (int c = 0; c < channelsTotal && p + 2 <= end; c++) {
            long length = lengths[c];
            if (length >= 2 && rows[c] >= 0 && p + length <= end) {
                int compression = in.u8(p) << 8 | in.u8(p + 1);
                psdChannel(compression, p + 2, length - 2, rows[c], psb, code);
            }
            p += length;
        }
    }

    /** One PSD channel (or the merged image data): RLE after a table of {@code rows} counts, or zip. */
    private static void psdChannel(int compression, long data, long length, long rows, boolean psb, ImageCode code)
            throws IOException, Budget.Exceeded {
        if (compression == 1) {
            long table = rows * (psb ? 4 : 2);
            if (table < length) {
                code.decode(32773, data + table, length - table);
            }
        } else if (compression == 2 || compression == 3) {
            code.decode(8, data, length);
        }
    }

    private static long be64(In in, long at) throws IOException {
        return (be32(in, at) & 0xFFFFFFFFL) << 32 | be32(in, at + 4) & 0xFFFFFFFFL;
    }

    /** HEIC/HEIF/AVIF: every {@code ispe} (image spatial extents) property in the first 1 MiB. */
    private static void heif(In in, UploadPolicy policy, Findings f) throws IOException {
        long end = Math.min(in.size, 1 << 20) - 20;
        for (long i = 4; i < end; i++) {
            if (in.u8(i) == 'i' && in.u8(i + 1) == 's' && in.u8(i + 2) == 'p' && in.u8(i + 3) == 'e') {
                long w = be32(in, i + 8) & 0xFFFFFFFFL;
                long h = be32(in, i + 12) & 0xFFFFFFFFL;
                if (w > 0 && h > 0) {
                    pixels(w, h, policy, f, "HEIF");
                }
            }
        }
    }

    /** Bytes after the end marker: POLYGLOT unless they are a little NUL/0xFF padding. */
    private static void trailing(In in, Findings f, String what) throws IOException {
        long extra = in.size - in.pos;
        if (extra <= 0) {
            return;
        }
        if (extra <= 4096) {
            byte[] rest = in.bytes(in.pos, (int) extra);
            boolean padding = true;
            for (byte b : rest) {
                if (b != 0 && b != (byte) 0xFF && b != '\r' && b != '\n') {
                    padding = false;
                    break;
                }
            }
            if (padding) {
                return;
            }
        }
        f.add(Reason.POLYGLOT, extra + " bytes follow the " + what);
    }

    /** HTML markup in a metadata block (server code is found by the whole-file scan). */
    private static void code(byte[] b, Findings f, String where) {
        String script = Markup.scriptAnywhere(b, 0, b.length);
        if (script != null) {
            f.add(Reason.ACTIVE_CONTENT, "the " + where + " contains markup (" + script + ")");
        }
    }

    private static int le32(In in, long at) throws IOException {
        return in.u8(at) | in.u8(at + 1) << 8 | in.u8(at + 2) << 16 | in.u8(at + 3) << 24;
    }

    private static int be32(In in, long at) throws IOException {
        return in.u8(at) << 24 | in.u8(at + 1) << 16 | in.u8(at + 2) << 8 | in.u8(at + 3);
    }
}
