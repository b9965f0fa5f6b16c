package io.portcullis.benchmarks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Inputs for {@link UploadGuardBenchmark}, generated the same way as upload-guard's own tests
 * ({@code Samples} in upload-guard/src/test): a real PNG from {@code javax.imageio}, a minimal
 * valid .docx, and the D1 zip bomb (about 2 MB whose {@code [Content_Types].xml} inflates to
 * 2 GiB of spaces, honest sizes in the headers).
 */
final class Samples {

    private Samples() {
    }

    /** A real 64 x 64 PNG written by ImageIO (a few hundred bytes). */
    static byte[] png() {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | 0x66);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A minimal valid .docx: content types, package and document relationships, one paragraph. */
    static byte[] docx() {
        String contentTypes = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                + "</Types>";
        String rootRels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                + "</Relationships>";
        String document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                + "<w:p><w:r><w:t>Quarterly report</w:t></w:r></w:p>".repeat(20)
                + "</w:body></w:document>";
        String documentRels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            entry(z, "[Content_Types].xml", contentTypes);
            entry(z, "_rels/.rels", rootRels);
            entry(z, "word/document.xml", document);
            entry(z, "word/_rels/document.xml.rels", documentRels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void entry(ZipOutputStream z, String name, String content) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(content.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }

    /** D1: a ~2 MB zip whose [Content_Types].xml inflates to 2 GiB of spaces (honest sizes). */
    static byte[] zipBomb() {
        CRC32 crc = new CRC32();
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        for (int i = 0; i < 2048; i++) {
            crc.update(spaces);
        }
        return rawZip("[Content_Types].xml", spacesDeflated(2048), 2048L << 20, crc.getValue());
    }

    /** A raw deflate stream of {@code mib} MiB of spaces: one full-flushed 1 MiB block repeated. */
    private static byte[] spacesDeflated(int mib) {
        Deflater d = new Deflater(9, true);
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        d.setInput(spaces);
        byte[] buf = new byte[1 << 16];
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        int n;
        while ((n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH)) > 0) {
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

    /** One-entry zip with raw deflated data and the given declared size and CRC. */
    private static byte[] rawZip(String name, byte[] deflated, long declaredSize, long crc) {
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
}
