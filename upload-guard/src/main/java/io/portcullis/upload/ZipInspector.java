package io.portcullis.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a zip's central directory with hard caps (entries, central-directory size, declared and
 * actual inflated size, ratio, overlapping entries, time) and classifies the container (OOXML
 * from {@code [Content_Types].xml}, ODF/EPUB from {@code mimetype}, JAR, APK, plain zip) without
 * Tika or POI. Runs before any other detection so a bomb costs at most the configured budget.
 */
final class ZipInspector {

    static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int MAX_CAPTURE = 1 << 20;
    private static final int XML_PREFIX = 2048;
    private static final long RATIO_MIN_ENTRY = 8L << 20;

    record Entry(String name, int method, int flags, long compressed, long uncompressed, long offset, int madeBy,
                 long externalAttrs) {
    }

    /** The classification and the parts read on the way. */
    record Report(String type, List<Entry> entries, Map<String, byte[]> captured) {
    }

    private ZipInspector() {
    }

    /** Whether the file starts with a local file header. */
    static boolean isZip(byte[] head) {
        return head.length >= 4 && le32(head, 0) == LOCAL;
    }

    /**
     * Inspects a zip; adds findings; returns the container type, or {@code application/zip}
     * when it stopped early at a limit.
     */
    static Report inspect(FileChannel ch, long size, UploadPolicy policy, Budget budget, Findings f) throws IOException {
        return inspect(ch, size, policy, budget, f, 0);
    }

    /** {@code depth}: how many packages this one is embedded in (0 for the upload itself). */
    static Report inspect(FileChannel ch, long size, UploadPolicy policy, Budget budget, Findings f, int depth)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        Set<String> inspected = new HashSet<>();
        Map<String, byte[]> captured = new HashMap<>();
        try {
            long[] cd = centralDirectory(ch, size, policy, f);
            if (cd == null) {
                return new Report("application/zip", entries, captured);
            }
            readEntries(ch, cd, size, policy, budget, f, entries);
            if (!f.isEmpty() && (f.has(Reason.CONTAINER_LIMIT) || f.has(Reason.MALFORMED))) {
                return new Report("application/zip", entries, captured);
            }
            checkLayout(entries, cd[0], f);
            if (f.has(Reason.CONTAINER_LIMIT) || f.has(Reason.MALFORMED)) {
                return new Report("application/zip", entries, captured);
            }
            inflateAll(ch, entries, policy, budget, f, captured, depth, inspected);
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "zip " + e.getMessage());
            return new Report("application/zip", entries, captured);
        }
        String type = classify(entries, captured);
        rules(type, entries, captured, inspected, f);
        return new Report(type, entries, captured);
    }

    /** The most bytes after the end record (and its comment) that are tolerated as padding. */
    static final int MAX_PADDING = 64;

    /**
     * Whether {@code b[from, to)} is what tools leave after an end record: at most
     * {@link #MAX_PADDING} bytes of NUL, space, tab, CR or LF. Anything else is appended data.
     */
    static boolean padding(byte[] b, int from, int to) {
        if (to - from > MAX_PADDING) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (b[i] != 0 && b[i] != '\n' && b[i] != '\r' && b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Returns {cdOffset, cdSize, entryCount} or null after adding a finding. */
    private static long[] centralDirectory(FileChannel ch, long size, UploadPolicy policy, Findings f) throws IOException {
        try (Scratch scratch = Scratch.take()) {
            int tail = (int) Math.min(size, 65_557);
            return centralDirectory(ch, size, policy, f, tail, readInto(ch, size - tail, scratch.bytes(Scratch.TAIL, tail), tail));
        }
    }

    /** The end record search in the last {@code tail} bytes of the file, {@code b[0, tail)}. */
    private static long[] centralDirectory(FileChannel ch, long size, UploadPolicy policy, Findings f, int tail, byte[] b)
            throws IOException {
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (le32(b, i) == EOCD) {
                int commentLength = le16(b, i + 20);
                int after = i + 22 + commentLength;
                if (after == tail || after < tail && padding(b, after, tail)) {
                    eocd = i;
                    break;
                }
            }
        }
        if (eocd < 0) {
            // A local header at 0 but no end record that ends the file: truncated or data appended.
            for (int i = tail - 22; i >= 0; i--) {
                if (le32(b, i) == EOCD) {
                    f.add(Reason.POLYGLOT, "data follows the zip end-of-central-directory record");
                    return null;
                }
            }
            f.add(Reason.MALFORMED, "the zip has no end-of-central-directory record");
            return null;
        }
        long eocdPos = size - tail + eocd;
        long count = le16(b, eocd + 10);
        long cdSize = le32u(b, eocd + 12);
        long cdOffset = le32u(b, eocd + 16);
        if (le16(b, eocd + 4) != 0 || le16(b, eocd + 6) != 0) {
            f.add(Reason.MALFORMED, "multi-disk (spanned) zip archives are not accepted");
            return null;
        }
        long cdEnd = eocdPos;
        boolean locator = eocd >= 20 && le32(b, eocd - 20) == ZIP64_LOCATOR;
        if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL || locator) {
            if (eocd < 20 || le32(b, eocd - 20) != ZIP64_LOCATOR) {
                f.add(Reason.MALFORMED, "zip64 fields without a zip64 locator");
                return null;
            }
            long z64 = le64(b, eocd - 20 + 8);
            if (z64 < 0 || z64 + 56 > size) {
                f.add(Reason.MALFORMED, "zip64 end record outside the file");
                return null;
            }
            byte[] r = read(ch, z64, 56).array();
            if (le32(r, 0) != ZIP64_EOCD) {
                f.add(Reason.MALFORMED, "bad zip64 end record");
                return null;
            }
            count = le64(r, 32);
            cdSize = le64(r, 40);
            cdOffset = le64(r, 48);
            cdEnd = z64;
        }
        if (count > policy.maxEntries() || count < 0) {
            f.add(Reason.CONTAINER_LIMIT, "the zip declares " + count + " entries; the limit is " + policy.maxEntries());
            return null;
        }
        long maxCd = (long) policy.maxEntries() * (46 + 65_535 * 3L);
        if (cdSize < 0 || cdSize > maxCd || cdSize > 64L << 20) {
            f.add(Reason.CONTAINER_LIMIT, "the zip central directory is " + cdSize + " bytes");
            return null;
        }
        if (cdOffset < 0 || cdOffset + cdSize != cdEnd) {
            f.add(cdOffset + cdSize < cdEnd ? Reason.POLYGLOT : Reason.MALFORMED,
                    "the zip central directory does not end where the end record starts");
            return null;
        }
        return new long[] {cdOffset, cdSize, count};
    }

    private static void readEntries(FileChannel ch, long[] cd, long size, UploadPolicy policy, Budget budget,
                                    Findings f, List<Entry> out) throws IOException, Budget.Exceeded {
        byte[] b = read(ch, cd[0], (int) cd[1]).array();
        int p = 0;
        long declaredTotal = 0;
        Set<String> names = new HashSet<>();
        for (long n = 0; n < cd[2]; n++) {
            if ((n & 1023) == 0) {
                budget.check();
            }
            if (p + 46 > b.length || le32(b, p) != CENTRAL) {
                f.add(Reason.MALFORMED, "the zip central directory is corrupt at entry " + n);
                return;
            }
            int madeBy = le16(b, p + 4);
            int flags = le16(b, p + 8);
            int method = le16(b, p + 10);
            long compressed = le32u(b, p + 20);
            long uncompressed = le32u(b, p + 24);
            int nameLen = le16(b, p + 28);
            int extraLen = le16(b, p + 30);
            int commentLen = le16(b, p + 32);
            long external = le32u(b, p + 38);
            long offset = le32u(b, p + 42);
            if (p + 46 + nameLen + extraLen + commentLen > b.length) {
                f.add(Reason.MALFORMED, "the zip central directory is truncated");
                return;
            }
            byte[] rawName = Arrays.copyOfRange(b, p + 46, p + 46 + nameLen);
            String name = (flags & 0x800) != 0 ? new String(rawName, StandardCharsets.UTF_8)
                    : new String(rawName, StandardCharsets.ISO_8859_1);
            int e = p + 46 + nameLen;
            int eEnd = e + extraLen;
            while (e + 4 <= eEnd) {
                int id = le16(b, e);
                int len = le16(b, e + 2);
                if (id == 1) {
                    int q = e + 4;
                    if (uncompressed == 0xFFFFFFFFL && q + 8 <= e + 4 + len) {
                        uncompressed = le64(b, q);
                        q += 8;
                    }
                    if (compressed == 0xFFFFFFFFL && q + 8 <= e + 4 + len) {
                        compressed = le64(b, q);
                        q += 8;
                    }
                    if (offset == 0xFFFFFFFFL && q + 8 <= e + 4 + len) {
                        offset = le64(b, q);
                    }
                }
                e += 4 + len;
            }
            p = eEnd + commentLen;
            if (compressed < 0 || uncompressed < 0 || offset < 0 || offset + compressed > size) {
                f.add(Reason.MALFORMED, "zip entry \"" + printable(name) + "\" points outside the file");
                return;
            }
            String unsafe = unsafeName(name, madeBy, external);
            if (unsafe != null) {
                f.add(Reason.ARCHIVE_UNSAFE_ENTRY, "zip entry \"" + printable(name) + "\" " + unsafe);
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                f.add(Reason.ARCHIVE_UNSAFE_ENTRY, "zip entry \"" + printable(name) + "\" appears twice");
            }
            if ((flags & 1) != 0) {
                f.add(Reason.ENCRYPTED, "zip entry \"" + printable(name) + "\" is encrypted");
            }
            declaredTotal += uncompressed;
            if (declaredTotal > policy.maxInflatedSize() || declaredTotal < 0) {
                f.add(Reason.CONTAINER_LIMIT, "the zip declares more than " + policy.maxInflatedSize()
                        + " inflated bytes");
                return;
            }
            if (uncompressed > RATIO_MIN_ENTRY && uncompressed > (long) policy.maxRatio() * Math.max(compressed, 1)) {
                f.add(Reason.CONTAINER_LIMIT, "zip entry \"" + printable(name) + "\" inflates " + uncompressed / Math.max(compressed, 1)
                        + " times; the limit is " + policy.maxRatio());
                return;
            }
            out.add(new Entry(name, method, flags, compressed, uncompressed, offset, madeBy, external));
        }
        if (declaredTotal > RATIO_MIN_ENTRY && declaredTotal > (long) policy.maxRatio() * size) {
            f.add(Reason.CONTAINER_LIMIT, "the zip inflates " + declaredTotal / size + " times; the limit is "
                    + policy.maxRatio());
        }
    }

    private static String unsafeName(String name, int madeBy, long external) {
        if (name.isEmpty()) {
            return "has an empty name";
        }
        if (name.indexOf('\0') >= 0) {
            return "contains NUL";
        }
        if (name.startsWith("/") || name.indexOf('\\') >= 0) {
            return "is absolute or uses backslashes";
        }
        if (name.length() >= 2 && name.charAt(1) == ':') {
            return "names a drive";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return "climbs out with .. (zip slip)";
            }
        }
        int host = madeBy >>> 8;
        if (host == 3 && ((external >>> 16) & 0xF000) == 0xA000) {
            return "is a symbolic link";
        }
        return null;
    }

    /** Local headers must be in the file, in order, not overlapping (overlapping-entry bombs). */
    private static void checkLayout(List<Entry> entries, long cdOffset, Findings f) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, c) -> Long.compare(a.offset(), c.offset()));
        long end = 0;
        for (Entry e : sorted) {
            if (e.offset() < end) {
                f.add(Reason.CONTAINER_LIMIT, "zip entries overlap (\"" + printable(e.name()) + "\")");
                return;
            }
            end = e.offset() + 30 + e.compressed();
            if (end > cdOffset) {
                f.add(Reason.MALFORMED, "zip entry \"" + printable(e.name()) + "\" runs into the central directory");
                return;
            }
        }
        if (!sorted.isEmpty() && sorted.get(0).offset() != 0) {
            f.add(Reason.POLYGLOT, "data precedes the first zip entry");
        }
    }

    /** Inflates every entry, counting real bytes against the declared sizes and the upload's shared caps. */
    private static void inflateAll(FileChannel ch, List<Entry> entries, UploadPolicy policy, Budget budget,
                                   Findings f, Map<String, byte[]> captured, int depth, Set<String> inspected)
            throws IOException, Budget.Exceeded {
        SchemaScan scan = new SchemaScan();
        CellText cellText = new CellText();
        try (Scratch scratch = Scratch.take()) {
            Inflater inflater = scratch.inflater(true);
            byte[] in = scratch.bytes(Scratch.IN, 64 * 1024);
            byte[] out = scratch.bytes(Scratch.OUT, 64 * 1024);
            for (Entry e : entries) {
                budget.check();
                if (e.name().endsWith("/") && e.uncompressed() == 0) {
                    continue;
                }
                if ((e.flags() & 1) != 0) {
                    continue;
                }
                ByteBuffer lh = read(ch, e.offset(), 30);
                byte[] h = lh.array();
                if (le32(h, 0) != LOCAL) {
                    f.add(Reason.MALFORMED, "zip entry \"" + printable(e.name()) + "\" has no local header");
                    return;
                }
                long dataStart = e.offset() + 30 + le16(h, 26) + le16(h, 28);
                if (dataStart + e.compressed() > ch.size()) {
                    f.add(Reason.MALFORMED, "zip entry \"" + printable(e.name()) + "\" is truncated");
                    return;
                }
                boolean capture = wanted(e.name());
                boolean xml = isXml(e.name());
                int keepMax = capture ? MAX_CAPTURE : XML_PREFIX;
                ByteArrayOutputStream keep = capture || xml ? new ByteArrayOutputStream() : null;
                SchemaScan schemas = xml ? scan.reset() : null;
                CellText.Scanner cells = !xml ? null : endsWithIgnoreCase(e.name(), "sharedstrings.xml")
                        ? cellText.strings() : containsIgnoreCase(e.name(), "/worksheets/") ? cellText.sheet() : null;
                Embedded nested = embedded(e.name()) && depth < policy.maxEmbeddingDepth()
                        ? new Embedded(policy) : null;
                long produced = 0;
                try {
                    if (e.method() == 0) {
                        long pos = dataStart;
                        long remaining = e.compressed();
                        while (remaining > 0) {
                            int n = (int) Math.min(out.length, remaining);
                            ByteBuffer bb = ByteBuffer.wrap(out, 0, n);
                            while (bb.hasRemaining()) {
                                if (ch.read(bb, pos + bb.position()) < 0) {
                                    throw new IOException("unexpected end of file");
                                }
                            }
                            pos += n;
                            remaining -= n;
                            produced += n;
                            if (!budget.inflate(n, policy.maxInflatedSize())) {
                                f.add(Reason.CONTAINER_LIMIT, "the upload inflates to more than " + policy.maxInflatedSize() + " bytes");
                                return;
                            }
                            sink(out, n, keep, keepMax, schemas, nested, cells);
                        }
                    } else if (e.method() == 8) {
                        inflater.reset();
                        long pos = dataStart;
                        long remaining = e.compressed();
                        while (!inflater.finished()) {
                            if (inflater.needsInput()) {
                                if (remaining == 0) {
                                    f.add(Reason.MALFORMED, "zip entry \"" + printable(e.name()) + "\" is truncated");
                                    return;
                                }
                                int n = (int) Math.min(in.length, remaining);
                                ByteBuffer bb = ByteBuffer.wrap(in, 0, n);
                                while (bb.hasRemaining()) {
                                    if (ch.read(bb, pos + bb.position()) < 0) {
                                        throw new IOException("unexpected end of file");
                                    }
                                }
                                pos += n;
                                remaining -= n;
                                inflater.setInput(in, 0, n);
                            }
                            int k;
                            try {
                                k = inflater.inflate(out);
                            } catch (DataFormatException ex) {
                                f.add(Reason.MALFORMED, "zip entry \"" + printable(e.name()) + "\" does not inflate");
                                return;
                            }
                            if (k == 0 && inflater.needsDictionary()) {
                                f.add(Reason.MALFORMED, "zip entry \"" + printable(e.name()) + "\" needs a dictionary");
                                return;
                            }
                            produced += k;
                            if (produced > e.uncompressed()) {
                                f.add(Reason.CONTAINER_LIMIT, "zip entry \"" + printable(e.name())
                                        + "\" inflates to more than its declared size");
                                return;
                            }
                            if (!budget.inflate(k, policy.maxInflatedSize())) {
                                f.add(Reason.CONTAINER_LIMIT, "the upload inflates to more than " + policy.maxInflatedSize() + " bytes");
                                return;
                            }
                            sink(out, k, keep, keepMax, schemas, nested, cells);
                            if ((produced & 0xFFFFF) < k) {
                                budget.check();
                            }
                        }
                    } else {
                        f.add(Reason.MALFORMED, "zip entry \"" + printable(e.name()) + "\" uses compression method "
                                + e.method() + " (only stored and deflated are inspected)");
                        return;
                    }
                    if (produced != e.uncompressed()) {
                        f.add(Reason.MALFORMED, "zip entry \"" + printable(e.name()) + "\" inflates to " + produced
                                + " bytes, not the declared " + e.uncompressed());
                        return;
                    }
                    if (keep != null) {
                        captured.put(e.name(), keep.toByteArray());
                    }
                    if (schemas != null) {
                        String remote = schemas.finish();
                        if (remote != null) {
                            f.add(Reason.EXTERNAL_REFERENCE, "the part \"" + printable(e.name())
                                    + "\" imports a remote XML schema (" + printable(remote) + ")");
                        }
                    }
                    if (nested != null && nested.isPackage()) {
                        nested.inspect(e.name(), policy, budget, f, depth + 1);
                        inspected.add(e.name());
                    }
                } finally {
                    if (nested != null) {
                        nested.close();
                    }
                }
            }
        }
        long expanded = cellText.expanded();
        if (expanded > policy.maxInflatedSize()) {
            f.add(Reason.CONTAINER_LIMIT, "the workbook's " + cellText.cells() + " shared-string cells expand to "
                    + expanded + " characters of text, more than " + policy.maxInflatedSize()
                    + " (text amplification through shared strings)");
        }
    }

    private static void sink(byte[] out, int k, ByteArrayOutputStream keep, int keepMax, SchemaScan schemas,
                             Embedded nested, CellText.Scanner cells) throws IOException {
        if (cells != null) {
            cells.feed(out, k);
        }
        if (keep != null && keep.size() < keepMax) {
            keep.write(out, 0, Math.min(k, keepMax - keep.size()));
        }
        if (schemas != null) {
            schemas.feed(out, k);
        }
        if (nested != null) {
            nested.write(out, k);
        }
    }

    /** Whether an entry is stored where Office keeps embedded objects (a candidate for recursive inspection). */
    private static boolean embedded(String name) {
        return !name.endsWith("/") && containsIgnoreCase(name, "/embeddings/");
    }

    private static boolean containsIgnoreCase(String s, String lower) {
        for (int i = s.indexOf('/'); i >= 0 && i + lower.length() <= s.length(); i = s.indexOf('/', i + 1)) {
            if (s.regionMatches(true, i, lower, 0, lower.length())) {
                return true;
            }
        }
        return false;
    }

    /** A DOCTYPE or ENTITY declaration in an XML prolog, ASCII case-insensitive, NUL bytes (UTF-16) skipped. */
    static boolean doctype(byte[] xml) {
        int n = Math.min(xml.length, 8192);
        for (int i = 0; i < n; i++) {
            if (xml[i] == '<' && (declaration(xml, i + 1, n, "!doctype") || declaration(xml, i + 1, n, "!entity"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaration(byte[] b, int i, int n, String word) {
        int k = 0;
        while (k < word.length()) {
            if (i >= n) {
                return false;
            }
            int c = b[i++] & 0xff;
            if (c == 0) {
                continue;
            }
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != word.charAt(k++)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An embedded entry spooled to a private temporary file while it is inflated; when it turns
     * out to be a zip, it is inspected like an upload, one level deeper, with the same budget.
     */
    private static final class Embedded {
        private final java.nio.file.Path file;
        private final java.io.OutputStream out;
        private long size;
        private final byte[] magic = new byte[4];

        Embedded(UploadPolicy policy) throws IOException {
            java.nio.file.Path dir = policy.tempDir().orElse(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
            java.nio.file.Files.createDirectories(dir);
            this.file = java.nio.file.Files.createTempFile(dir, "portcullis-embedded-", ".tmp");
            this.out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 16 * 1024);
        }

        void write(byte[] b, int k) throws IOException {
            for (int i = 0; i < k && size + i < 4; i++) {
                magic[(int) size + i] = b[i];
            }
            out.write(b, 0, k);
            size += k;
        }

        boolean isPackage() throws IOException {
            out.flush();
            return size >= 22 && le32(magic, 0) == LOCAL;
        }

        void inspect(String name, UploadPolicy policy, Budget budget, Findings f, int depth)
                throws IOException, Budget.Exceeded {
            out.close();
            Findings inner = new Findings(policy);
            String type;
            try (FileChannel ch = FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
                type = ZipInspector.inspect(ch, size, policy, budget, inner, depth).type();
            }
            Family family = Catalogue.familyOf(type);
            if (family != Family.OOXML || type.equals("application/x-tika-ooxml")) {
                inner.add(Reason.EMBEDDED_OBJECT, "it is " + type + ", not an Office package that can be inspected");
            }
            for (int i = 0; i < inner.reasons().size(); i++) {
                f.add(inner.reasons().get(i), "the embedded \"" + printable(name) + "\": " + inner.messages().get(i));
            }
        }

        void close() throws IOException {
            try {
                out.close();
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Finds {@code schemaLocation} attributes of XML Schema {@code import}, {@code include} and
     * {@code redefine} elements (any prefix) in a part's bytes as they are inflated, and keeps
     * the first one that is not a local, relative location.
     */
    static final class SchemaScan {
        private static final byte[] ATTR = "schemaLocation".getBytes(StandardCharsets.US_ASCII);
        private static final int BACK = 2048;
        /**
         * The Dublin Core schemas Office itself imports in the SharePoint content-type schema it
         * writes to {@code customXml/itemN.xml}; found in ordinary documents, so not reported.
         */
        static final Set<String> OFFICE_SCHEMAS = Set.of(
                "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd",
                "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd",
                "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcmitype.xsd");
        private final byte[] buf = new byte[32 * 1024];
        private int len;
        private int scanned;
        private String remote;

        void feed(byte[] b, int k) {
            int off = 0;
            while (k > 0) {
                int n = Math.min(k, buf.length - len);
                System.arraycopy(b, off, buf, len, n);
                len += n;
                off += n;
                k -= n;
                if (len == buf.length) {
                    scan(len - BACK);
                    int keep = 2 * BACK;
                    System.arraycopy(buf, len - keep, buf, 0, keep);
                    scanned -= len - keep;
                    len = keep;
                }
            }
        }

        String finish() {
            scan(len);
            return remote;
        }

        /** Ready for the next part (one scanner, and its buffer, per container). */
        SchemaScan reset() {
            len = 0;
            scanned = 0;
            remote = null;
            return this;
        }

        private void scan(int limit) {
            for (int i = Math.max(scanned, 0); i < limit && remote == null; i++) {
                if (buf[i] == 's' && at(i)) {
                    attribute(i);
                }
            }
            scanned = Math.max(scanned, limit);
        }

        /**
         * A {@code schemaLocation} attribute at {@code i}: its value is remembered when it sits in an
         * import, include or redefine element and is not local.
         */
        private void attribute(int i) {
            int lt = i;
            while (lt > 0 && i - lt < BACK && buf[lt] != '<' && buf[lt] != '>') {
                lt--;
            }
            if (buf[lt] != '<') {
                return;
            }
            int j = lt + 1;
            int nameStart = j;
            while (j < i && buf[j] > ' ' && buf[j] != '/' && buf[j] != '>') {
                if (buf[j] == ':') {
                    nameStart = j + 1;
                }
                j++;
            }
            String local = new String(buf, nameStart, j - nameStart, StandardCharsets.US_ASCII);
            if (!local.equals("import") && !local.equals("include") && !local.equals("redefine")) {
                return;
            }
            int v = i + ATTR.length;
            while (v < len && (buf[v] == ' ' || buf[v] == '\t' || buf[v] == '\r' || buf[v] == '\n' || buf[v] == '=')) {
                v++;
            }
            if (v >= len || buf[v] != '"' && buf[v] != '\'') {
                return;
            }
            byte quote = buf[v];
            int end = v + 1;
            while (end < len && buf[end] != quote && end - v < BACK) {
                end++;
            }
            String value = new String(buf, v + 1, end - v - 1, StandardCharsets.UTF_8).strip();
            if (!local(value) && !OFFICE_SCHEMAS.contains(value)) {
                remote = value;
            }
        }

        private boolean at(int i) {
            if (i + ATTR.length > len || i > 0 && buf[i - 1] != ' ' && buf[i - 1] != '\t' && buf[i - 1] != '\n'
                    && buf[i - 1] != '\r') {
                return false;
            }
            for (int k = 0; k < ATTR.length; k++) {
                if (buf[i + k] != ATTR[k]) {
                    return false;
                }
            }
            return true;
        }

        /** A relative reference without a scheme, host or UNC/absolute Windows path. */
        static boolean local(String value) {
            String v = value.toLowerCase(Locale.ROOT).replace('\\', '/');
            if (v.startsWith("//") || v.matches("^[a-z][a-z0-9+.-]*:.*")) {
                return false;
            }
            return !v.contains("&#");
        }
    }

    private static boolean wanted(String name) {
        return name.equalsIgnoreCase("[content_types].xml") || name.equalsIgnoreCase("mimetype")
                || endsWithIgnoreCase(name, ".rels") || name.equalsIgnoreCase("meta-inf/manifest.xml")
                || name.equalsIgnoreCase("meta-inf/container.xml");
    }

    private static boolean isXml(String name) {
        return endsWithIgnoreCase(name, ".xml") || endsWithIgnoreCase(name, ".rels") || endsWithIgnoreCase(name, ".vml");
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }

    private static final Pattern OVERRIDE = Pattern.compile(
            "<(?:\\w+:)?Override\\b[^>]*?PartName\\s*=\\s*[\"']([^\"']*)[\"'][^>]*?ContentType\\s*=\\s*[\"']([^\"']*)[\"']"
                    + "|<(?:\\w+:)?Override\\b[^>]*?ContentType\\s*=\\s*[\"']([^\"']*)[\"'][^>]*?PartName\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final Pattern DEFAULT = Pattern.compile(
            "<(?:\\w+:)?Default\\b[^>]*?Extension\\s*=\\s*[\"']([^\"']*)[\"'][^>]*?ContentType\\s*=\\s*[\"']([^\"']*)[\"']"
                    + "|<(?:\\w+:)?Default\\b[^>]*?ContentType\\s*=\\s*[\"']([^\"']*)[\"'][^>]*?Extension\\s*=\\s*[\"']([^\"']*)[\"']");

    static final Map<String, String> OOXML_MAIN = Map.ofEntries(
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", Catalogue.DOCX),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.template"),
            Map.entry("application/vnd.ms-word.document.macroenabled.main+xml", "application/vnd.ms-word.document.macroenabled.12"),
            Map.entry("application/vnd.ms-word.template.macroenabledtemplate.main+xml", "application/vnd.ms-word.template.macroenabled.12"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", Catalogue.XLSX),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.template"),
            Map.entry("application/vnd.ms-excel.sheet.macroenabled.main+xml", "application/vnd.ms-excel.sheet.macroenabled.12"),
            Map.entry("application/vnd.ms-excel.template.macroenabled.main+xml", "application/vnd.ms-excel.template.macroenabled.12"),
            Map.entry("application/vnd.ms-excel.addin.macroenabled.main+xml", "application/vnd.ms-excel.addin.macroenabled.12"),
            Map.entry("application/vnd.ms-excel.sheet.binary.macroenabled.main", "application/vnd.ms-excel.sheet.binary.macroenabled.12"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", Catalogue.PPTX),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
                    "application/vnd.openxmlformats-officedocument.presentationml.slideshow"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
                    "application/vnd.openxmlformats-officedocument.presentationml.template"),
            Map.entry("application/vnd.ms-powerpoint.presentation.macroenabled.main+xml",
                    "application/vnd.ms-powerpoint.presentation.macroenabled.12"),
            Map.entry("application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml",
                    "application/vnd.ms-powerpoint.slideshow.macroenabled.12"),
            Map.entry("application/vnd.ms-powerpoint.template.macroenabled.main+xml",
                    "application/vnd.ms-powerpoint.template.macroenabled.12"),
            Map.entry("application/vnd.ms-powerpoint.addin.macroenabled.main+xml",
                    "application/vnd.ms-powerpoint.addin.macroenabled.12"));

    private static String classify(List<Entry> entries, Map<String, byte[]> captured) {
        byte[] mimetype = captured.get("mimetype");
        if (mimetype != null) {
            String m = new String(mimetype, StandardCharsets.US_ASCII).strip();
            if (m.startsWith("application/vnd.oasis.opendocument.") || m.equals("application/epub+zip")) {
                return m;
            }
        }
        byte[] ct = capturedIgnoreCase(captured, "[content_types].xml");
        if (ct != null) {
            String xml = new String(ct, StandardCharsets.UTF_8);
            Matcher m = OVERRIDE.matcher(xml);
            while (m.find()) {
                String type = (m.group(2) != null ? m.group(2) : m.group(3)).toLowerCase(Locale.ROOT);
                String main = OOXML_MAIN.get(type);
                if (main != null) {
                    return main;
                }
            }
            // No override names a main part: the part the package relationship points at may take
            // its type from a <Default> for its extension (some generators write only defaults).
            String mainPart = officeDocument(capturedIgnoreCase(captured, "_rels/.rels"));
            if (mainPart != null && mainPart.lastIndexOf('.') > mainPart.lastIndexOf('/')) {
                String ext = mainPart.substring(mainPart.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                Matcher d = DEFAULT.matcher(xml);
                while (d.find()) {
                    String e = (d.group(1) != null ? d.group(1) : d.group(4)).toLowerCase(Locale.ROOT);
                    String t = (d.group(2) != null ? d.group(2) : d.group(3)).toLowerCase(Locale.ROOT);
                    if (e.equals(ext) && OOXML_MAIN.containsKey(t) && !overridden(xml, mainPart)) {
                        return OOXML_MAIN.get(t);
                    }
                }
            }
            return "application/x-tika-ooxml";
        }
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            names.add(e.name());
        }
        if (names.contains("AndroidManifest.xml") && names.contains("classes.dex")) {
            return "application/vnd.android.package-archive";
        }
        if (names.contains("META-INF/MANIFEST.MF")) {
            return "application/java-archive";
        }
        for (String n : names) {
            if (n.endsWith(".class")) {
                return "application/java-archive";
            }
        }
        return "application/zip";
    }

    /** The target of the package's officeDocument relationship, as a part name without the leading slash. */
    private static String officeDocument(byte[] rels) {
        if (rels == null) {
            return null;
        }
        Matcher r = REL.matcher(new String(rels, StandardCharsets.UTF_8));
        while (r.find()) {
            Map<String, String> attrs = new HashMap<>();
            Matcher a = ATTR.matcher(r.group());
            while (a.find()) {
                attrs.put(a.group(1).toLowerCase(Locale.ROOT), a.group(2));
            }
            if (attrs.getOrDefault("type", "").endsWith("/officeDocument")
                    && !"external".equalsIgnoreCase(attrs.getOrDefault("targetmode", "").strip())) {
                String t = attrs.getOrDefault("target", "");
                return t.startsWith("/") ? t.substring(1) : t;
            }
        }
        return null;
    }

    private static boolean overridden(String contentTypes, String part) {
        Matcher o = OVERRIDE.matcher(contentTypes);
        while (o.find()) {
            String p = o.group(1) != null ? o.group(1) : o.group(4);
            if (p.equalsIgnoreCase("/" + part)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] capturedIgnoreCase(Map<String, byte[]> captured, String name) {
        for (Map.Entry<String, byte[]> e : captured.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static final Pattern REL = Pattern.compile("<(?:\\w+:)?Relationship\\b[^>]*>");
    private static final Pattern ATTR = Pattern.compile("(\\w+)\\s*=\\s*[\"']([^\"']*)[\"']");

    private static void rules(String type, List<Entry> entries, Map<String, byte[]> captured, Set<String> inspected,
                              Findings f) {
        Family family = Catalogue.familyOf(type);
        if (family == Family.OOXML) {
            ooxml(type, entries, captured, inspected, f);
        } else if (family == Family.ODF) {
            for (Entry e : entries) {
                String n = e.name();
                if (n.startsWith("Scripts/") || (n.startsWith("Basic/") && !n.endsWith("/script-lb.xml")
                        && !n.equals("Basic/script-lc.xml") && !n.endsWith("/dialog-lb.xml")
                        && !n.equals("Basic/dialog-lc.xml") && !n.endsWith("/"))) {
                    f.add(Reason.MACRO, "the OpenDocument carries a macro (" + printable(n) + ")");
                    break;
                }
            }
        } else if (family == Family.ZIP) {
            for (Entry e : entries) {
                String n = e.name().toLowerCase(Locale.ROOT);
                int dot = n.lastIndexOf('.');
                if (dot >= 0 && n.lastIndexOf('/') < dot && FileNames.DANGEROUS.contains(n.substring(dot + 1))) {
                    f.add(Reason.ARCHIVE_UNSAFE_ENTRY, "zip entry \"" + printable(e.name()) + "\" is executable or active content");
                    break;
                }
            }
        }
        for (Map.Entry<String, byte[]> c : captured.entrySet()) {
            if (family == Family.OOXML && isXml(c.getKey()) && doctype(c.getValue())) {
                f.add(Reason.XML_DOCTYPE, "the XML part \"" + printable(c.getKey()) + "\" has a DOCTYPE");
                break;
            }
        }
    }

    private static void ooxml(String type, List<Entry> entries, Map<String, byte[]> captured, Set<String> inspected,
                              Findings f) {
        if (type.contains("macroenabled")) {
            f.add(Reason.MACRO, "the document is a macro-enabled Office format (" + type + ")");
        }
        byte[] ct = capturedIgnoreCase(captured, "[content_types].xml");
        String ctXml = ct == null ? "" : new String(ct, StandardCharsets.UTF_8);
        Set<String> defaults = new HashSet<>();
        Set<String> overrides = new HashSet<>();
        Matcher d = DEFAULT.matcher(ctXml);
        while (d.find()) {
            defaults.add((d.group(1) != null ? d.group(1) : d.group(4)).toLowerCase(Locale.ROOT));
        }
        Matcher o = OVERRIDE.matcher(ctXml);
        while (o.find()) {
            String part = o.group(1) != null ? o.group(1) : o.group(4);
            String ctype = (o.group(2) != null ? o.group(2) : o.group(3)).toLowerCase(Locale.ROOT);
            overrides.add(part.toLowerCase(Locale.ROOT));
            if (ctype.contains("vbaproject")) {
                f.add(Reason.MACRO, "the document declares a VBA project");
            }
            if (ctype.contains("activex")) {
                f.add(Reason.MACRO, "the document declares an ActiveX control");
            }
        }
        for (Entry e : entries) {
            String n = e.name().toLowerCase(Locale.ROOT);
            if (n.endsWith("/")) {
                continue;
            }
            String file = n.substring(n.lastIndexOf('/') + 1);
            if (file.startsWith("vbaproject") || file.startsWith("vbadata") || n.contains("/vbaproject")) {
                f.add(Reason.MACRO, "the document carries a VBA macro project (" + printable(e.name()) + ")");
            }
            if (n.contains("/activex/") || file.startsWith("activex")) {
                f.add(Reason.MACRO, "the document carries an ActiveX control (" + printable(e.name()) + ")");
            }
            if ((n.contains("/embeddings/") || file.startsWith("oleobject")) && !inspected.contains(e.name())) {
                f.add(Reason.EMBEDDED_OBJECT, "the document embeds an object (" + printable(e.name()) + ")");
            }
            if (n.equals("[content_types].xml")) {
                continue;
            }
            int dot = file.lastIndexOf('.');
            String ext = dot < 0 ? "" : file.substring(dot + 1);
            // A part without an extension cannot be opened as anything by name; writers leave such extras.
            if (!ext.isEmpty() && !defaults.contains(ext) && !overrides.contains("/" + n)) {
                f.add(Reason.ARCHIVE_UNSAFE_ENTRY, "the part \"" + printable(e.name()) + "\" has no declared content type");
            }
        }
        for (Map.Entry<String, byte[]> c : captured.entrySet()) {
            if (!c.getKey().toLowerCase(Locale.ROOT).endsWith(".rels")) {
                continue;
            }
            if (!mentions(c.getValue(), "external")) {
                continue; // only TargetMode="External" is a finding here: no regex over the other parts
            }
            Matcher r = REL.matcher(new String(c.getValue(), StandardCharsets.UTF_8));
            while (r.find()) {
                Map<String, String> attrs = new HashMap<>();
                Matcher a = ATTR.matcher(r.group());
                while (a.find()) {
                    attrs.put(a.group(1).toLowerCase(Locale.ROOT), a.group(2));
                }
                String relType = attrs.getOrDefault("type", "");
                if ("external".equalsIgnoreCase(attrs.getOrDefault("targetmode", "").strip())
                        && !relType.endsWith("/hyperlink")) {
                    f.add(Reason.EXTERNAL_REFERENCE, "the document loads an external resource ("
                            + relType.substring(relType.lastIndexOf('/') + 1) + " → " + printable(attrs.getOrDefault("target", "")) + ")");
                }
            }
        }
    }

    /** Whether {@code b} contains the lower-case ASCII word {@code lower}, ASCII case-insensitively. */
    static boolean mentions(byte[] b, String lower) {
        int first = lower.charAt(0);
        for (int i = 0; i + lower.length() <= b.length; i++) {
            if ((b[i] | 0x20) == first && Markup.matches(b, i, b.length, lower)) {
                return true;
            }
        }
        return false;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 120; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? '?' : c);
        }
        return b.toString();
    }

    /** Reads {@code len} bytes at {@code pos} into {@code b[0, len)} (fewer at the end of the file); returns {@code b}. */
    static byte[] readInto(FileChannel ch, long pos, byte[] b, int len) throws IOException {
        return readInto(ch, pos, b, 0, len);
    }

    /** Reads {@code len} bytes at {@code pos} into {@code b[off, off + len)}; returns {@code b}. */
    static byte[] readInto(FileChannel ch, long pos, byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        pos -= off;
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                break;
            }
        }
        return b;
    }

    static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                break;
            }
        }
        return buf;
    }

    static int le16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    static long le32u(byte[] b, int i) {
        return le32(b, i) & 0xFFFFFFFFL;
    }

    static long le64(byte[] b, int i) {
        return le32u(b, i) | le32u(b, i + 4) << 32;
    }
}
