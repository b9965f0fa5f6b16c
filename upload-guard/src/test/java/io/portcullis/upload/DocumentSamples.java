package io.portcullis.upload;

import static io.portcullis.upload.Samples.ascii;
import static io.portcullis.upload.Samples.utf8;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generators for the real-world document families of issue 11: binary Office streams, PDFs, zips, WebM. */
final class DocumentSamples {

    private DocumentSamples() {
    }

    /**
     * An OLE2 compound file (512-byte sectors) whose root storage holds {@code entries}: a name
     * ending in "/" is an empty storage, any other name a stream with the given bytes (padded to
     * 4096 bytes so no mini stream is needed).
     */
    static byte[] ole2(Map<String, byte[]> entries) {
        List<String> names = new ArrayList<>(entries.keySet());
        List<byte[]> data = new ArrayList<>();
        for (String n : names) {
            byte[] d = entries.get(n);
            if (!n.endsWith("/") && d.length < 4096) {
                d = java.util.Arrays.copyOf(d, 4096);
            }
            data.add(n.endsWith("/") ? new byte[0] : d);
        }
        int dirSectors = (names.size() + 1 + 3) / 4;
        int dataSectors = 0;
        for (byte[] d : data) {
            dataSectors += (d.length + 511) / 512;
        }
        int fatSectors = 1;
        while ((fatSectors + dirSectors + dataSectors) > fatSectors * 128) {
            fatSectors++;
        }
        int total = fatSectors + dirSectors + dataSectors;
        ByteBuffer b = ByteBuffer.allocate(512 + total * 512).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Ole2Inspector.MAGIC);
        b.putShort(0x18, (short) 0x3E).putShort(0x1A, (short) 3).putShort(0x1C, (short) 0xFFFE)
                .putShort(0x1E, (short) 9).putShort(0x20, (short) 6).putInt(0x2C, fatSectors).putInt(0x30, fatSectors)
                .putInt(0x38, 4096).putInt(0x3C, -2).putInt(0x40, 0).putInt(0x44, -2).putInt(0x48, 0);
        for (int i = 0; i < 109; i++) {
            b.putInt(0x4C + 4 * i, i < fatSectors ? i : -1);
        }
        int[] fat = new int[fatSectors * 128];
        java.util.Arrays.fill(fat, -1);
        for (int i = 0; i < fatSectors; i++) {
            fat[i] = -3;
        }
        for (int i = 0; i < dirSectors; i++) {
            fat[fatSectors + i] = i + 1 < dirSectors ? fatSectors + i + 1 : -2;
        }
        int next = fatSectors + dirSectors;
        int[] starts = new int[names.size()];
        for (int e = 0; e < names.size(); e++) {
            byte[] d = data.get(e);
            int n = (d.length + 511) / 512;
            starts[e] = n == 0 ? -2 : next;
            for (int i = 0; i < n; i++) {
                fat[next + i] = i + 1 < n ? next + i + 1 : -2;
                b.put(512 + (next + i) * 512, d, i * 512, Math.min(512, d.length - i * 512));
            }
            next += n;
        }
        for (int i = 0; i < fat.length; i++) {
            b.putInt(512 + (i / 128) * 512 + (i % 128) * 4, fat[i]);
        }
        int dir = 512 + fatSectors * 512;
        // entry i+1 is names[i]; "S/child" is a child of storage "S/"; siblings chain through "right"
        int[] child = new int[names.size() + 1];
        int[] right = new int[names.size() + 1];
        java.util.Arrays.fill(child, -1);
        java.util.Arrays.fill(right, -1);
        Map<Integer, Integer> last = new java.util.HashMap<>();
        for (int i = 1; i <= names.size(); i++) {
            String n = names.get(i - 1);
            String bare = n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
            int slash = bare.lastIndexOf('/');
            int parent = slash < 0 ? 0 : names.indexOf(bare.substring(0, slash + 1)) + 1;
            if (last.containsKey(parent)) {
                right[last.get(parent)] = i;
            } else {
                child[parent] = i;
            }
            last.put(parent, i);
        }
        for (int i = 0; i <= names.size(); i++) {
            int off = dir + 128 * i;
            String n = i == 0 ? "Root Entry" : names.get(i - 1);
            boolean storage = i > 0 && n.endsWith("/");
            if (storage) {
                n = n.substring(0, n.length() - 1);
            }
            n = n.substring(n.lastIndexOf('/') + 1);
            byte[] u = n.getBytes(StandardCharsets.UTF_16LE);
            b.put(off, u);
            b.putShort(off + 0x40, (short) (u.length + 2));
            b.put(off + 0x42, (byte) (i == 0 ? 5 : storage ? 1 : 2));
            b.put(off + 0x43, (byte) 1);
            b.putInt(off + 0x44, -1).putInt(off + 0x48, right[i]).putInt(off + 0x4C, child[i]);
            b.putInt(off + 0x74, i == 0 ? -2 : starts[i - 1]);
            b.putInt(off + 0x78, i == 0 ? 0 : data.get(i - 1).length);
        }
        for (int i = names.size() + 1; i < dirSectors * 4; i++) {
            int off = dir + 128 * i;
            b.putInt(off + 0x44, -1).putInt(off + 0x48, -1).putInt(off + 0x4C, -1);
        }
        return b.array();
    }

    static Map<String, byte[]> map(Object... nameThenBytes) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return m;
    }

    /** BIFF8 records: type, then data, repeated. */
    static byte[] biff(Object... typeThenData) {
        ByteBuffer b = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < typeThenData.length; i += 2) {
            byte[] d = (byte[]) typeThenData[i + 1];
            b.putShort((short) (int) (Integer) typeThenData[i]).putShort((short) d.length).put(d);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** An .xls workbook whose globals declare one sheet of BoundSheet8 type {@code dt}; {@code filepass} adds FILEPASS. */
    static byte[] xls(int dt, boolean filepass, Map<String, byte[]> extra) {
        byte[] bof = {0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] sheet = {0, 0, 0, 0, 0, (byte) dt, 2, 0, 'S', '1'};
        byte[] workbook = filepass
                ? biff(0x0809, bof, 0x002F, new byte[] {1, 0, 1, 0, 1, 0}, 0x0085, sheet, 0x000A, new byte[0])
                : biff(0x0809, bof, 0x0085, sheet, 0x000A, new byte[0]);
        Map<String, byte[]> m = map("Workbook", workbook);
        m.putAll(extra);
        return ole2(m);
    }

    /** A .doc whose FIB has (or has not) fEncrypted. */
    static byte[] doc(boolean encrypted, Map<String, byte[]> extra) {
        ByteBuffer fib = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        fib.putShort(0, (short) 0xA5EC).putShort(2, (short) 0xC1).putShort(0x0A, (short) (encrypted ? 0x0100 : 0));
        Map<String, byte[]> m = map("WordDocument", fib.array(), "1Table", new byte[16]);
        m.putAll(extra);
        return ole2(m);
    }

    /** A PowerPoint record header + data. */
    static byte[] record(int verInst, int type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) verInst).putShort((short) type).putInt(data.length).put(data);
        return b.array();
    }

    /**
     * A .ppt whose "PowerPoint Document" stream holds a DocumentContainer with a VBAInfo
     * container (fHasMacros as given, or none when null), optionally an ExOleObjStg and a
     * CryptSession10Container.
     */
    static byte[] ppt(Integer hasMacros, boolean oleObject, boolean encrypted) {
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        doc.writeBytes(record(0x0001, 0x03E9, new byte[40]));
        if (hasMacros != null) {
            ByteBuffer atom = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putInt(hasMacros).putInt(2);
            byte[] info = record(0x0002, 0x0400, atom.array());
            doc.writeBytes(record(0x000F, 0x07D0, record(0x000F, 0x03FF, info)));
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(record(0x000F, 0x03E8, doc.toByteArray()));
        if (oleObject) {
            stream.writeBytes(record(0x0000, 0x1011, new byte[32]));
        }
        if (encrypted) {
            stream.writeBytes(record(0x000F, 0x2F14, new byte[64]));
        }
        return ole2(map("PowerPoint Document", stream.toByteArray(), "Current User", new byte[32]));
    }

    /** An Excel 4.0 (BIFF4) single-sheet file whose BOF names a worksheet (0x10) or a macro sheet (0x40). */
    static byte[] biff4(int dt) {
        byte[] bof = {0, 0, (byte) dt, 0, 0, 0};
        return biff(0x0409, bof, 0x000C, new byte[] {100, 0}, 0x000A, new byte[0]);
    }

    /** A .docx whose only main-part declaration is a {@code <Default>} for the xml extension. */
    static byte[] docxWithDefaultMain() {
        Map<String, byte[]> e = Samples.docxEntries();
        e.put("[Content_Types].xml", utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"xml\" ContentType=\"" + Samples.DOCX_MAIN + "\"/>"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "</Types>"));
        return Samples.zip(e);
    }

    static final String XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    static final String XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";

    /** A minimal .xlsx (main type as given) plus extra parts. */
    static Map<String, byte[]> xlsxEntries(String mainType, Object... extra) {
        Map<String, byte[]> e = Samples.entries("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Default Extension=\"xlsx\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>"
                + "<Default Extension=\"bin\" ContentType=\"application/vnd.openxmlformats-officedocument.oleObject\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" + mainType + "\"/></Types>",
                "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>",
                "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets/></workbook>");
        e.putAll(Samples.entries(extra));
        return e;
    }

    /** An xmlMaps.xml whose schema imports {@code location}. */
    static String xmlMaps(String location) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><MapInfo xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<Schema ID=\"Schema1\"><xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
                + "<xsd:import namespace=\"urn:x\" schemaLocation=\"" + location + "\"/></xsd:schema></Schema></MapInfo>";
    }

    /** A .pptx-like package (docx skeleton) embedding {@code embedded} as word/embeddings/{@code name}. */
    static byte[] docxEmbedding(String name, byte[] embedded) {
        Map<String, byte[]> e = Samples.docxEntries();
        e.put("[Content_Types].xml", utf8(Samples.contentTypes(Samples.DOCX_MAIN, "",
                "<Default Extension=\"xlsx\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>"
                + "<Default Extension=\"docx\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\"/>"
                + "<Default Extension=\"xlsm\" ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.12\"/>"
                + "<Default Extension=\"bin\" ContentType=\"application/vnd.openxmlformats-officedocument.oleObject\"/>")));
        e.put("word/embeddings/" + name, embedded);
        return Samples.zip(e);
    }

    /** Rewrites a zip's end so it carries a valid Zip64 end record and locator (as some tools always write). */
    static byte[] zip64(byte[] zip, boolean markers) {
        int eocd = zip.length - 22;
        ByteBuffer z = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int count = z.getShort(eocd + 10) & 0xffff;
        long cdSize = z.getInt(eocd + 12) & 0xFFFFFFFFL;
        long cdOffset = z.getInt(eocd + 16) & 0xFFFFFFFFL;
        ByteBuffer b = ByteBuffer.allocate(eocd + 56 + 20 + 22).order(ByteOrder.LITTLE_ENDIAN);
        b.put(zip, 0, eocd);
        long z64 = eocd;
        b.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                .putLong(count).putLong(count).putLong(cdSize).putLong(cdOffset);
        b.putInt(0x07064b50).putInt(0).putLong(z64).putInt(1);
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) (markers ? 0xFFFF : count)).putShort((short) (markers ? 0xFFFF : count))
                .putInt(markers ? -1 : (int) cdSize).putInt(markers ? -1 : (int) cdOffset).putShort((short) 0);
        return b.array();
    }

    /** A minimal WebM/Matroska EBML header with the given DocType, then an empty Segment. */
    static byte[] ebml(String docType) {
        byte[] dt = ascii(docType);
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(new byte[] {0x42, (byte) 0x86, (byte) 0x81, 1});
        h.writeBytes(new byte[] {0x42, (byte) 0xF7, (byte) 0x81, 1});
        h.writeBytes(new byte[] {0x42, (byte) 0xF2, (byte) 0x81, 4});
        h.writeBytes(new byte[] {0x42, (byte) 0xF3, (byte) 0x81, 8});
        h.writeBytes(new byte[] {0x42, (byte) 0x82, (byte) (0x80 | dt.length)});
        h.writeBytes(dt);
        h.writeBytes(new byte[] {0x42, (byte) 0x87, (byte) 0x81, 4});
        h.writeBytes(new byte[] {0x42, (byte) 0x85, (byte) 0x81, 2});
        byte[] header = h.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) (0x80 | header.length)});
        out.writeBytes(header);
        out.writeBytes(new byte[] {0x18, 0x53, (byte) 0x80, 0x67, (byte) 0x80});
        out.writeBytes(new byte[64]);
        return out.toByteArray();
    }

    /** A JPEG with one extra segment ({@code marker}: 0xFE comment, 0xE0–0xEF APPn) right after SOI. */
    static byte[] jpegWithSegment(int marker, byte[] data) {
        byte[] jpg = Samples.jpeg();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((data.length + 2) >> 8);
        out.write((data.length + 2) & 0xff);
        out.writeBytes(data);
        out.write(jpg, 2, jpg.length - 2);
        return out.toByteArray();
    }

    /**
     * {@code frames} MPEG-1 layer III frames (128 kbit/s, 44.1 kHz, 417 bytes each) with seeded
     * noise as audio data: what an MP3 player plays.
     */
    static byte[] mp3Frames(int frames, long seed) {
        java.util.Random r = new java.util.Random(seed);
        byte[] out = new byte[frames * 417];
        r.nextBytes(out);
        for (int i = 0; i < frames; i++) {
            int p = i * 417;
            out[p] = (byte) 0xFF;
            out[p + 1] = (byte) 0xFB;
            out[p + 2] = (byte) 0x90;
            out[p + 3] = (byte) 0x64;
        }
        return out;
    }

    /** An MZ header whose e_lfanew points at a PE signature, as every Windows executable starts. */
    static byte[] peHeader() {
        byte[] b = new byte[0x40 + 0x40 + 24];
        b[0] = 'M';
        b[1] = 'Z';
        b[0x3C] = (byte) 0x80;
        b[0x80] = 'P';
        b[0x81] = 'E';
        b[0x84] = 0x4C;
        b[0x85] = 0x01;
        return b;
    }

    /** A shared-strings part holding {@code count} strings of {@code length} characters each. */
    static String sharedStrings(int count, int length) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" + count
                + "\" uniqueCount=\"" + count + "\">");
        String text = "a".repeat(length);
        for (int i = 0; i < count; i++) {
            b.append("<si><t>").append(text).append("</t></si>");
        }
        return b.append("</sst>").toString();
    }

    /**
     * A worksheet whose {@code cells} cells all reference shared string {@code index};
     * {@code p}: a namespace prefix for the elements ("" or "x:"), and a comment holding a quote
     * before the rows (a reader must not lose its place in it).
     */
    static String sheet(int cells, int index, String p) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + p + "worksheet xmlns"
                + (p.isEmpty() ? "" : ":" + p.substring(0, p.length() - 1))
                + "=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><" + p + "sheetData>");
        if (!p.isEmpty()) {
            b.append("<!-- it's a comment -->");
        }
        for (int r = 0; r < cells / 10; r++) {
            b.append('<').append(p).append("row r=\"").append(r + 1).append("\">");
            for (int c = 0; c < 10; c++) {
                b.append('<').append(p).append("c r=\"").append((char) ('A' + c)).append(r + 1)
                        .append(p.isEmpty() ? "\" t=\"s\">" : "\" t = 's'>").append('<').append(p).append("v>").append(index)
                        .append("</").append(p).append("v></").append(p).append("c>");
            }
            b.append("</").append(p).append("row>");
        }
        return b.append("</").append(p).append("sheetData></").append(p).append("worksheet>").toString();
    }
}
