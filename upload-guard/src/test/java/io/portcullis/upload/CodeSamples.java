package io.portcullis.upload;

import static io.portcullis.upload.Samples.ascii;
import static io.portcullis.upload.Samples.concat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Images with server-side code hidden in every place a format has (issue 9): the payload, or a
 * harmless text of the same length for the positive control, in private chunks, compressed
 * chunks, palettes, pixel data, extension blocks, segments, boxes and entropy-coded data.
 */
public final class CodeSamples {

    /** A PHP short-tag block: runs where {@code short_open_tag} is on (PHP's built-in default). */
    public static final String SHORT_TAG = "<? system($_GET['c']); ?>";
    /** An echo tag running a shell command: always on since PHP 5.4. */
    public static final String ECHO_TAG = "<?=`$_GET[0]`?>";
    /** The same length of harmless text, for the controls. */
    static String control(String payload) {
        return "Hello, world. This is a harmless caption for the test".substring(0, payload.length());
    }

    private CodeSamples() {
    }

    // ---- PNG ----

    static byte[] pngSignature() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    }

    static byte[] ihdr(int w, int h, int depth, int colour) {
        return ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) depth).put((byte) colour).put((byte) 0)
                .put((byte) 0).put((byte) 0).array();
    }

    static byte[] zlib(byte[] data, int level) {
        Deflater d = new Deflater(level);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /**
     * A grey 8-bit PNG of one row whose pixels are {@code text}'s bytes (filter None),
     * compressed at {@code level}: level 0 stores them raw (as a re-encoder can be made to),
     * level 9 hides them until the IDAT stream is inflated.
     */
    public static byte[] pngPixels(String text, int level) {
        byte[] px = ascii(text);
        byte[] row = concat(new byte[1], px);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pngSignature());
        Samples.chunk(out, "IHDR", ihdr(px.length, 1, 8, 0));
        Samples.chunk(out, "IDAT", zlib(row, level));
        Samples.chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A palette PNG (ImageIO) whose PLTE entries spell {@code text}. */
    public static byte[] pngPalette(String text) {
        return indexed("png", text, false);
    }

    /** A GIF (ImageIO) whose global colour table spells {@code text}. */
    public static byte[] gifPalette(String text) {
        return indexed("gif", text, false);
    }

    /** A GIF (ImageIO, grey palette) whose pixel indices spell {@code text}: visible only LZW-decoded. */
    public static byte[] gifPixels(String text) {
        return indexed("gif", text, true);
    }

    private static byte[] indexed(String format, String text, boolean inPixels) {
        byte[] t = ascii(text);
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) i;
            g[i] = (byte) i;
            b[i] = (byte) i;
        }
        if (!inPixels) {
            // colour k+1.. spell the text across r, g, b in order (the palette bytes are r g b r g b ...)
            for (int i = 0; i < t.length; i++) {
                int entry = 1 + i / 3;
                byte[] plane = i % 3 == 0 ? r : i % 3 == 1 ? g : b;
                plane[entry] = t[i];
            }
        }
        IndexColorModel cm = new IndexColorModel(8, 256, r, g, b);
        int w = inPixels ? t.length : 16;
        BufferedImage img = new BufferedImage(w, 1, BufferedImage.TYPE_BYTE_INDEXED, cm);
        for (int x = 0; x < w; x++) {
            img.getRaster().setSample(x, 0, 0, inPixels ? t[x] & 0xff : x % 4);
        }
        return write(img, format);
    }

    static byte[] write(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** zTXt / iCCP data: keyword, NUL, method 0, zlib of {@code text}. */
    static byte[] compressedText(String keyword, String text) {
        return concat(ascii(keyword), new byte[2], zlib(ascii(text), 9));
    }

    /** iTXt with the compression flag set. */
    static byte[] compressedITxt(String text) {
        return concat(ascii("Comment"), new byte[] {0, 1, 0}, ascii("en"), new byte[1], new byte[1],
                zlib(ascii(text), 9));
    }

    // ---- GIF ----

    /** A GIF with one extension block (any label) before the image, its data split in sub-blocks of {@code split} bytes. */
    public static byte[] gifExtension(int label, String text, int split) {
        byte[] gif = Samples.gif();
        int at = afterHeaderAndPalette(gif);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(gif, 0, at);
        out.write(0x21);
        out.write(label);
        byte[] t = ascii(text);
        for (int i = 0; i < t.length; i += split) {
            int n = Math.min(split, t.length - i);
            out.write(n);
            out.write(t, i, n);
        }
        out.write(0);
        out.write(gif, at, gif.length - at);
        return out.toByteArray();
    }

    /** A GIF whose image data sub-blocks hold {@code text} raw (the LZW codes mean nothing). */
    public static byte[] gifRawImageData(String text) {
        byte[] t = ascii(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("GIF89a"));
        out.writeBytes(new byte[] {4, 0, 1, 0, 0, 0, 0});
        out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 4, 0, 1, 0, 0, 8});
        out.write(t.length);
        out.writeBytes(t);
        out.write(0);
        out.write(0x3B);
        return out.toByteArray();
    }

    private static int afterHeaderAndPalette(byte[] gif) {
        int flags = gif[10] & 0xff;
        return 13 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 7) + 1)) : 0);
    }

    // ---- JPEG ----

    /** A JPEG with one extra segment ({@code marker}, e.g. 0xE1 APP1, 0xED APP13, 0xEF APP15) after SOI. */
    public static byte[] jpegSegment(int marker, String text) {
        byte[] jpg = Samples.jpeg();
        byte[] c = ascii(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((c.length + 2) >> 8);
        out.write((c.length + 2) & 0xff);
        out.writeBytes(c);
        out.write(jpg, 2, jpg.length - 2);
        return out.toByteArray();
    }

    /** A JPEG whose first quantisation table (DQT) values spell {@code text} (at most 64 bytes). */
    public static byte[] jpegQuantTable(String text) {
        byte[] jpg = Samples.image("jpg", 16, 16);
        int dqt = find(jpg, (byte) 0xFF, (byte) 0xDB);
        System.arraycopy(ascii(text), 0, jpg, dqt + 5, text.length());
        return jpg;
    }

    /** A JPEG whose entropy-coded scan data carries {@code text} (as a payload tuned to survive re-encoding does). */
    public static byte[] jpegScanData(String text) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        byte[] jpg = write(img, "jpg");
        int sos = find(jpg, (byte) 0xFF, (byte) 0xDA);
        int data = sos + 2 + ((jpg[sos + 2] & 0xff) << 8 | jpg[sos + 3] & 0xff);
        System.arraycopy(ascii(text), 0, jpg, data + 100, text.length());
        return jpg;
    }

    static int find(byte[] b, byte x, byte y) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == x && b[i + 1] == y) {
                return i;
            }
        }
        throw new IllegalStateException("marker not found");
    }

    // ---- RIFF / ISO BMFF / others ----

    /** A lossless WebP with an extra (unknown) chunk after the image data. */
    public static byte[] webpChunk(String fourcc, String text) {
        byte[] webp = Samples.webp(2, 2);
        byte[] t = ascii(text);
        int pad = t.length & 1;
        ByteBuffer b = ByteBuffer.allocate(webp.length + 8 + t.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.put(webp).put(ascii(fourcc)).putInt(t.length).put(t);
        b.putInt(4, b.capacity() - 8);
        return b.array();
    }

    /** A HEIC with a {@code free} box carrying {@code text}. */
    public static byte[] heicBox(String text) {
        byte[] heic = Samples.heic(2, 2);
        byte[] t = ascii(text);
        byte[] mdatless = java.util.Arrays.copyOf(heic, heic.length - 8);
        ByteBuffer box = ByteBuffer.allocate(8 + t.length).putInt(8 + t.length).put(ascii("free")).put(t);
        return concat(mdatless, box.array(), java.util.Arrays.copyOfRange(heic, heic.length - 8, heic.length));
    }

    /** A 24-bit BMP (ImageIO) whose first row's pixel bytes spell {@code text}. */
    public static byte[] bmpPixels(String text) {
        return rgbPixels("bmp", text);
    }

    /** An uncompressed TIFF (ImageIO) whose pixel bytes spell {@code text}. */
    public static byte[] tiffPixels(String text) {
        return rgbPixels("tiff", text);
    }

    private static byte[] rgbPixels(String format, String text) {
        byte[] t = ascii(text + "   ");
        int w = t.length / 3;
        BufferedImage img = new BufferedImage(w, 2, BufferedImage.TYPE_3BYTE_BGR);
        for (int x = 0; x < w; x++) {
            // BMP stores B G R; TIFF stores R G B: set samples so the file bytes read as the text
            boolean bgr = format.equals("bmp");
            int first = t[3 * x] & 0xff;
            int second = t[3 * x + 1] & 0xff;
            int third = t[3 * x + 2] & 0xff;
            img.getRaster().setSample(x, format.equals("bmp") ? 1 : 0, 0, bgr ? third : first);
            img.getRaster().setSample(x, format.equals("bmp") ? 1 : 0, 1, second);
            img.getRaster().setSample(x, format.equals("bmp") ? 1 : 0, 2, bgr ? first : third);
        }
        return write(img, format);
    }

    /** An MP3: an ID3v2.3 tag with a TXXX frame carrying {@code text}, then silent MPEG frames. */
    public static byte[] mp3(String text) {
        byte[] t = concat(new byte[] {0}, ascii("note"), new byte[1], ascii(text));
        ByteBuffer frame = ByteBuffer.allocate(10 + t.length).put(ascii("TXXX")).putInt(t.length).putShort((short) 0).put(t);
        int size = frame.capacity();
        byte[] header = {'I', 'D', '3', 3, 0, 0, (byte) (size >> 21 & 0x7f), (byte) (size >> 14 & 0x7f),
            (byte) (size >> 7 & 0x7f), (byte) (size & 0x7f)};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(frame.array());
        for (int i = 0; i < 8; i++) {
            byte[] f = new byte[417];
            f[0] = (byte) 0xFF;
            f[1] = (byte) 0xFB;
            f[2] = (byte) 0x90;
            f[3] = 0x64;
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    /** An AVIF (ftyp brand {@code avif}) with a {@code free} box carrying {@code text}. */
    public static byte[] avifBox(String text) {
        byte[] avif = heicBox(text);
        System.arraycopy(ascii("avif"), 0, avif, 8, 4);
        System.arraycopy(ascii("avif"), 0, avif, 20, 4);
        return avif;
    }

    /**
     * A one-row 8-bit grey TIFF (ImageIO) whose pixels spell {@code text}, written with the TIFF
     * compression {@code type} ("Deflate", "LZW"): the text is only in the decompressed strip.
     */
    public static byte[] tiffCompressed(String text, String type) {
        byte[] t = ascii(text);
        BufferedImage img = new BufferedImage(t.length, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < t.length; x++) {
            img.getRaster().setSample(x, 0, 0, t[x] & 0xff);
        }
        return writeTiff(img, type);
    }

    /** {@code img} as a TIFF with the compression {@code type} ("Deflate", "LZW", "PackBits"). */
    public static byte[] writeTiff(BufferedImage img, String type) {
        javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        javax.imageio.ImageWriteParam param = w.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new javax.imageio.IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    /**
     * A one-channel 8-bit grey PSD, {@code text} wide and one row high, whose merged image data is
     * RLE (PackBits) in literal runs of three bytes, so the run headers split the text in the raw
     * bytes and only the decoded row spells it; {@code resource}: the text is also (or only) put
     * raw in an image resource block instead.
     */
    public static byte[] psd(String text, boolean rle, String resource) {
        byte[] t = ascii(text);
        ByteArrayOutputStream row = new ByteArrayOutputStream();
        for (int i = 0; i < t.length; i += 3) {
            int n = Math.min(3, t.length - i);
            row.write(n - 1);
            row.write(t, i, n);
        }
        byte[] r = row.toByteArray();
        byte[] res = resource == null ? new byte[0] : ascii(resource);
        // one 8BIM resource block: signature, id, empty Pascal name (2 bytes), size, data (even length)
        int resLength = res.length == 0 ? 0 : 12 + res.length + (res.length & 1);
        ByteBuffer b = ByteBuffer.allocate(26 + 4 + 4 + resLength + 4 + 2 + (rle ? 2 + r.length : t.length));
        b.put(ascii("8BPS")).putShort((short) 1).put(new byte[6]).putShort((short) 1).putInt(1).putInt(t.length)
                .putShort((short) 8).putShort((short) 1);
        b.putInt(0);
        b.putInt(resLength);
        if (resLength > 0) {
            b.put(ascii("8BIM")).putShort((short) 1000).putShort((short) 0).putInt(res.length).put(res);
            if ((res.length & 1) != 0) {
                b.put((byte) 0);
            }
        }
        b.putInt(0);
        if (rle) {
            b.putShort((short) 1).putShort((short) r.length).put(r);
        } else {
            b.putShort((short) 0).put(t);
        }
        return b.array();
    }
}
