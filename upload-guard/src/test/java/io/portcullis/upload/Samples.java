package io.portcullis.upload;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Generates valid files and the attack variants of upload.md §5. */
public final class Samples {

    private Samples() {
    }

    public static byte[] image(String format, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x336699);
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

    static byte[] png() {
        return image("png", 2, 2);
    }

    static byte[] jpeg() {
        return image("jpg", 2, 2);
    }

    static byte[] gif() {
        return image("gif", 2, 2);
    }

    /** A minimal lossless WebP (VP8L) header of w x h; the pixel data is not valid, which the guard does not decode. */
    static byte[] webp(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) 0x2f);
        int bits = (w - 1) | (h - 1) << 14;
        b.putInt(bits).put(new byte[5]);
        return b.array();
    }

    /** A PNG header (signature + IHDR) claiming w x h, followed by IEND. */
    static byte[] pngHeader(long w, long h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt((int) w).putInt((int) h).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A PNG with one extra chunk inserted before IEND. */
    static byte[] pngWithChunk(String type, byte[] data) {
        byte[] png = png();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, png.length - 12);
        chunk(out, type, data);
        out.write(png, png.length - 12, 12);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A JPEG with a COM segment right after SOI. */
    static byte[] jpegWithComment(String comment) {
        byte[] jpg = jpeg();
        byte[] c = comment.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpg, 0, 2);
        out.write(0xFF);
        out.write(0xFE);
        out.write((c.length + 2) >> 8);
        out.write((c.length + 2) & 0xff);
        out.writeBytes(c);
        out.write(jpg, 2, jpg.length - 2);
        return out.toByteArray();
    }

    /** A JPEG header (SOI + SOF0) claiming w x h, then EOI. */
    static byte[] jpegHeader(int w, int h) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, (byte) (h >> 8), (byte) h,
            (byte) (w >> 8), (byte) w, 1, 1, 0x11, 0, (byte) 0xFF, (byte) 0xD9};
    }

    /** A GIF header claiming w x h with no image, then the trailer. */
    static byte[] gifHeader(int w, int h) {
        return new byte[] {'G', 'I', 'F', '8', '9', 'a', (byte) w, (byte) (w >> 8), (byte) h, (byte) (h >> 8), 0, 0, 0, 0x3B};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] utf16le(String s) {
        return concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, s.getBytes(StandardCharsets.UTF_16LE));
    }

    /** A zip of the given entries, deflated, in order. */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Map<String, byte[]> entries(Object... nameThenContent) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            Object v = nameThenContent[i + 1];
            m.put((String) nameThenContent[i], v instanceof byte[] b ? b : utf8((String) v));
        }
        return m;
    }

    static final String DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    static final String DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml";

    static String contentTypes(String mainType, String extraOverrides, String extraDefaults) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" + extraDefaults
                + "<Override PartName=\"/word/document.xml\" ContentType=\"" + mainType + "\"/>" + extraOverrides
                + "</Types>";
    }

    static final String ROOT_RELS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
            + "</Relationships>";

    static final String DOCUMENT = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Hi</w:t></w:r></w:p></w:body></w:document>";

    static String rels(String relationships) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + relationships + "</Relationships>";
    }

    /** A minimal valid .docx. */
    public static byte[] docx() {
        return zip(docxEntries());
    }

    static Map<String, byte[]> docxEntries() {
        return entries("[Content_Types].xml", contentTypes(DOCX_MAIN, "", ""), "_rels/.rels", ROOT_RELS,
                "word/document.xml", DOCUMENT, "word/_rels/document.xml.rels", rels(""));
    }

    static byte[] pdf(String body) {
        return ascii("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + body + ">>\nendobj\n"
                + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    }

    static byte[] pdf() {
        return pdf("");
    }

    /** A minimal OLE2 compound file whose directory holds {@code names} (storages when the name ends with "/"). */
    static byte[] ole2(String... names) {
        ByteBuffer b = ByteBuffer.allocate(512 * 3).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1});
        b.putShort(0x18, (short) 0x3E).putShort(0x1A, (short) 3).putShort(0x1C, (short) 0xFFFE)
                .putShort(0x1E, (short) 9).putShort(0x20, (short) 6).putInt(0x2C, 1).putInt(0x30, 1)
                .putInt(0x38, 4096).putInt(0x3C, -2).putInt(0x40, 0).putInt(0x44, -2).putInt(0x48, 0).putInt(0x4C, 0);
        for (int i = 1; i < 109; i++) {
            b.putInt(0x4C + 4 * i, -1);
        }
        int fat = 512;
        b.putInt(fat, -3).putInt(fat + 4, -2);
        for (int i = 2; i < 128; i++) {
            b.putInt(fat + 4 * i, -1);
        }
        int dir = 1024;
        String[] all = new String[names.length + 1];
        all[0] = "Root Entry/";
        System.arraycopy(names, 0, all, 1, names.length);
        if (all.length > 4) {
            throw new IllegalArgumentException("at most 3 names");
        }
        for (int i = 0; i < all.length; i++) {
            int off = dir + 128 * i;
            boolean storage = all[i].endsWith("/");
            String n = storage ? all[i].substring(0, all[i].length() - 1) : all[i];
            byte[] u = n.getBytes(StandardCharsets.UTF_16LE);
            b.put(off, u);
            b.putShort(off + 0x40, (short) (u.length + 2));
            b.put(off + 0x42, (byte) (i == 0 ? 5 : storage ? 1 : 2));
            b.put(off + 0x43, (byte) 1);
            b.putInt(off + 0x44, -1).putInt(off + 0x48, i + 1 < all.length && i > 0 ? i + 1 : -1)
                    .putInt(off + 0x4C, i == 0 && all.length > 1 ? 1 : -1);
            b.putInt(off + 0x74, -2);
        }
        return b.array();
    }

    /** A raw deflate stream of {@code mib} MiB of spaces, built from one full-flushed 1 MiB block repeated. */
    static byte[] spacesDeflated(int mib) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(9, true);
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        d.setInput(spaces);
        byte[] buf = new byte[1 << 16];
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        int n;
        while ((n = d.deflate(buf, 0, buf.length, java.util.zip.Deflater.FULL_FLUSH)) > 0) {
            block.write(buf, 0, n);
            if (n < buf.length) {
                break;
            }
        }
        d.finish();
        ByteArrayOutputStream end = new ByteArrayOutputStream();
        while (!d.finished()) {
            n = d.deflate(buf);
            end.write(buf, 0, n);
        }
        d.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] one = block.toByteArray();
        for (int i = 0; i < mib; i++) {
            out.writeBytes(one);
        }
        out.writeBytes(end.toByteArray());
        return out.toByteArray();
    }

    /** One-entry zip with raw deflated data and declared sizes (which may lie). */
    static byte[] rawZip(String name, byte[] deflated, long declaredSize, long crc) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(30 + n.length + deflated.length + 46 + n.length + 22).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x800).putShort((short) 8).putInt(0).putInt((int) crc)
                .putInt(deflated.length).putInt((int) declaredSize).putShort((short) n.length).putShort((short) 0).put(n).put(deflated);
        int cd = b.position();
        b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0x800).putShort((short) 8).putInt(0)
                .putInt((int) crc).putInt(deflated.length).putInt((int) declaredSize).putShort((short) n.length)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(n);
        int cdSize = b.position() - cd;
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(cdSize).putInt(cd).putShort((short) 0);
        return b.array();
    }

    /** D1: a ~2 MB zip whose [Content_Types].xml inflates to 2 GiB of spaces (honest sizes). */
    public static byte[] zipBomb() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        for (int i = 0; i < 2048; i++) {
            crc.update(spaces);
        }
        return rawZip("[Content_Types].xml", spacesDeflated(2048), 2048L << 20, crc.getValue());
    }

    /** D2: the same kernel with a lying declared size of 1000 bytes. */
    static byte[] lyingZipBomb() {
        return rawZip("word/document.xml", spacesDeflated(64), 1000, 0);
    }

    /** D2: many central-directory entries all pointing at one local header (Fifield's overlapping bomb). */
    static byte[] overlappingZip(int copies) {
        byte[] kernel = spacesDeflated(1);
        byte[] n = "a".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(30 + 1 + kernel.length + copies * (46 + 8) + 22).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 8).putInt(0).putInt(0)
                .putInt(kernel.length).putInt(1 << 20).putShort((short) 1).putShort((short) 0).put(n).put(kernel);
        int cd = b.position();
        for (int i = 0; i < copies; i++) {
            byte[] name = String.format("f%07d", i).getBytes(StandardCharsets.US_ASCII);
            b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 8).putInt(0)
                    .putInt(0).putInt(kernel.length).putInt(1 << 20).putShort((short) name.length)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(name);
        }
        int cdSize = b.position() - cd;
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) copies).putShort((short) copies)
                .putInt(cdSize).putInt(cd).putShort((short) 0);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** D3: a zip of {@code count} empty stored entries. */
    static byte[] manyEntries(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 100);
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.setMethod(ZipOutputStream.STORED);
            for (int i = 0; i < count; i++) {
                ZipEntry e = new ZipEntry(String.format("f%07d", i));
                e.setSize(0);
                e.setCompressedSize(0);
                e.setCrc(0);
                z.putNextEntry(e);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PDF with one extra object whose stream holds {@code zlib} bytes. */
    static byte[] pdfWithStream(byte[] zlib) {
        return concat(ascii("%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                + "3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length " + zlib.length + " >>\nstream\n"),
                zlib, ascii("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"));
    }

    static byte[] zlib(byte[] data) {
        java.util.zip.Deflater d = new java.util.zip.Deflater();
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

    /** A zlib stream of {@code mib} MiB of spaces (header + repeated raw blocks; no valid trailer). */
    static byte[] zlibBomb(int mib) {
        return concat(new byte[] {0x78, (byte) 0x9C}, spacesDeflated(mib));
    }

    /** A minimal HEIC-like ISO BMFF header (ftyp heic + meta with one ispe of w x h). */
    static byte[] heic(long w, long h) {
        ByteBuffer b = ByteBuffer.allocate(24 + 20 + 8);
        b.putInt(24).put(ascii("ftyp")).put(ascii("heic")).putInt(0).put(ascii("mif1")).put(ascii("heic"));
        b.putInt(20).put(ascii("ispe")).putInt(0).putInt((int) w).putInt((int) h);
        b.putInt(8).put(ascii("mdat"));
        return b.array();
    }
}
