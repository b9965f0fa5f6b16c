package io.portcullis.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypes;

/**
 * One inspection of a complete file on disk. Order: filename rules → empty → container
 * pre-scan with caps (zip, OLE2) → Tika magic on the first 64 KiB of bytes alone (no name, no
 * Content-Type: {@link MimeTypes} directly, never the service-loaded {@code DefaultDetector}, so
 * container detectors added to the class path can never run before the caps) → matrix →
 * content rules for what the bytes are → generic rules (browser sniff, appended zip, EICAR).
 */
final class Inspection {

    static final String OCTET = "application/octet-stream";
    private static final int HEAD = 64 * 1024;
    private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();
    private static final Set<String> ZIP_TYPES = Set.of("application/zip", "application/java-archive",
            "application/vnd.android.package-archive", "application/epub+zip");

    private Inspection() {
    }

    static Verdict judge(UploadPolicy policy, UploadScanner scanner, Path file, String submitted, long size,
                         String sha256) throws IOException {
        Findings f = new Findings(policy);
        FileNames.Result name = FileNames.check(submitted, policy.maxFilenameBytes());
        String ext = name.extension();
        if (!name.ok()) {
            f.add(Reason.BAD_FILENAME, name.problem());
        } else if (!policy.allowedExtensions().contains(ext)) {
            f.add(Reason.EXTENSION_NOT_ALLOWED, ext.isEmpty() ? "the filename has no extension"
                    : "the extension ." + ext + " is not allowed here (allowed: "
                    + String.join(", ", policy.allowedExtensions()) + ")");
        }
        if (size == 0) {
            f.add(Reason.EMPTY, "the file is empty");
            return verdict(f, OCTET, name, size, sha256);
        }
        Budget budget = new Budget(policy.maxInspectTime());
        String detected;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer hb = ZipInspector.read(ch, 0, (int) Math.min(HEAD, size));
            byte[] head = hb.array();
            String container = null;
            if (ZipInspector.isZip(head)) {
                container = ZipInspector.inspect(ch, size, policy, budget, f).type();
            } else if (Ole2Inspector.isOle2(head)) {
                container = Ole2Inspector.inspect(ch, size, policy, budget, f);
            }
            // A container the pre-scan classified is typed by it; Tika's magic only decides the rest.
            detected = container != null ? container : tika(head);
            if (container == null && ZipInspector.isZip(head)) {
                detected = "application/zip";
            }
            Family family = Catalogue.familyOf(detected);
            if (name.ok() && policy.allowedExtensions().contains(ext)) {
                Set<String> allowed = policy.allowedTypes(ext);
                if (!allowed.contains(detected)) {
                    if (detected.equals(OCTET)) {
                        f.add(Reason.TYPE_UNKNOWN, "the bytes have no known signature; a ." + ext + " must be "
                                + String.join(" or ", allowed));
                    } else {
                        f.add(Reason.TYPE_MISMATCH, "the bytes are " + detected + ", not what ." + ext + " must be ("
                                + String.join(" or ", allowed) + ")");
                    }
                } else if (family == Family.TEXT && (ext.equals("csv") || ext.equals("json"))) {
                    family = ext.equals("csv") ? Family.CSV : Family.JSON;
                }
            }
            content(family, ch, size, head, policy, budget, f);
            generic(family, detected, ch, size, head, f);
            if (scanner != null) {
                scan(scanner, file, detected, f);
            }
        }
        return verdict(f, detected, name, size, sha256);
    }

    private static void content(Family family, FileChannel ch, long size, byte[] head, UploadPolicy policy,
                                Budget budget, Findings f) throws IOException {
        switch (family) {
            case PNG, JPEG, GIF, WEBP, BMP, PSD, TIFF, HEIF -> Images.check(family, ch, size, policy, budget, f);
            case PDF -> Pdf.check(ch, size, head, policy, budget, f);
            case SVG -> {
                if (!policy.dangerouslyAllowSvg() || !policy.allowedExtensions().contains("svg")) {
                    f.add(Reason.ACTIVE_CONTENT, "SVG is active content (script, links) and is not allowed");
                } else {
                    XmlRules.check(true, ch, budget, f);
                }
            }
            case XML -> XmlRules.check(false, ch, budget, f);
            case OLE2 -> {
                if (!Ole2Inspector.isOle2(head)) {
                    Ole2Inspector.legacyExcel(ch, size, budget, f);
                }
            }
            case TEXT, CSV, JSON, RTF -> TextRules.check(family, ch, size, head, policy, budget, f);
            case MEDIA -> Images.media(ch, size, budget, f);
            default -> {
            }
        }
    }

    private static void generic(Family family, String detected, FileChannel ch, long size, byte[] head, Findings f)
            throws IOException {
        if (family != Family.SVG && family != Family.XML) {
            String tag = Markup.sniffScriptable(head, false);
            if (tag != null) {
                f.add(Reason.ACTIVE_CONTENT, "a browser would sniff this as HTML (starts with " + tag + ")");
            }
        } else {
            String tag = Markup.sniffScriptable(head, true);
            if (tag != null && !(family == Family.SVG && tag.equals("<svg"))) {
                f.add(Reason.ACTIVE_CONTENT, "a browser would sniff this as HTML (starts with " + tag + ")");
            }
        }
        if (detected.startsWith("text/html") || detected.equals("application/xhtml+xml")
                || detected.equals("image/svg+xml") && family != Family.SVG) {
            f.add(Reason.ACTIVE_CONTENT, "the bytes are " + detected);
        }
        boolean zipFamily = ZipInspector.isZip(head) || ZIP_TYPES.contains(detected) || family == Family.OOXML
                || family == Family.ODF || family == Family.EPUB;
        if (!zipFamily && appendedZip(ch, size)) {
            f.add(Reason.POLYGLOT, "a zip archive is appended to the " + detected + " (GIFAR/JAR polyglot)");
        }
        if (Markup.matches(head, 0, head.length, "x5o!p%@ap[4\\pzx54(p^)7cc)7}$eicar-standard-antivirus-test-file!")) {
            f.add(Reason.MALWARE, "the file is the EICAR anti-virus test file");
        }
        String code = Markup.serverCode(head, 0, Math.min(head.length, 64));
        if (code != null && (code.startsWith("<?") || code.startsWith("<%"))) {
            f.add(Reason.SERVER_CODE, "the file starts with server-side code (" + code + ")");
        }
    }

    /** An end-of-central-directory record whose directory fits inside the file. */
    private static boolean appendedZip(FileChannel ch, long size) throws IOException {
        if (size < 22) {
            return false;
        }
        int tail = (int) Math.min(size, 65_557);
        try (Scratch scratch = Scratch.take()) {
            byte[] b = ZipInspector.readInto(ch, size - tail, scratch.bytes(Scratch.TAIL, tail), tail);
            for (int i = tail - 22; i >= 0; i--) {
                if (b[i] == 0x50 && b[i + 1] == 0x4b && ZipInspector.le32(b, i) == 0x06054b50) {
                    long cdSize = ZipInspector.le32u(b, i + 12);
                    long eocdPos = size - tail + i;
                    int comment = ZipInspector.le16(b, i + 20);
                    if (cdSize > 0 && cdSize <= eocdPos && eocdPos + 22 + comment == size) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void scan(UploadScanner scanner, Path file, String detected, Findings f) {
        try {
            Optional<String> finding = scanner.scan(file, detected);
            finding.ifPresent(s -> f.add(Reason.MALWARE, "the scanner flagged the file: " + s));
        } catch (IOException | RuntimeException e) {
            f.add(Reason.MALWARE, "the scanner failed, so the file is refused (fail closed)");
        }
    }

    static String tika(byte[] head) throws IOException {
        int from = 0;
        if (head.length > 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            // Tika's XML magic wants "<?xml" at offset 0: look past a UTF-8 byte-order mark at markup.
            int i = 3;
            while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
                i++;
            }
            if (i < head.length && head[i] == '<') {
                from = 3;
            }
        }
        String fast = signature(head);
        if (fast != null) {
            return fast;
        }
        MediaType t = TIKA.detect(new ByteArrayInputStream(head, from, head.length - from), new Metadata());
        String type = t.getBaseType().toString();
        if (type.equals("application/x-matroska") || type.equals("video/x-matroska") || type.equals("audio/x-matroska")) {
            String docType = ebmlDocType(head);
            if ("webm".equals(docType)) {
                return "video/webm";
            }
        }
        return type;
    }

    /**
     * Image signatures the catalogue needs and whose whole structure the image rules walk
     * anyway (PNG, JPEG, GIF, WebP): Tika's own magic for that one type confirms the type, so
     * the several hundred other magic tests (and their buffers) are skipped. Null otherwise.
     */
    static String signature(byte[] head) {
        if (head.length < 16) {
            return null;
        }
        int b0 = head[0] & 0xff;
        MimeType candidate = null;
        if (b0 == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            candidate = PNG;
        } else if (b0 == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
            candidate = JPEG;
        } else if (b0 == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
            candidate = GIF;
        } else if (b0 == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F' && head[8] == 'W' && head[9] == 'E'
                && head[10] == 'B' && head[11] == 'P') {
            candidate = WEBP;
        }
        return candidate != null && candidate.matchesMagic(head) ? candidate.getName() : null;
    }

    private static final MimeType PNG = registered("image/png");
    private static final MimeType JPEG = registered("image/jpeg");
    private static final MimeType GIF = registered("image/gif");
    private static final MimeType WEBP = registered("image/webp");

    private static MimeType registered(String name) {
        try {
            return TIKA.getRegisteredMimeType(name);
        } catch (org.apache.tika.mime.MimeTypeException e) {
            throw new IllegalStateException("Tika does not know " + name, e);
        }
    }

    /** The DocType of a Matroska/WebM EBML header ("matroska", "webm"), or null. */
    static String ebmlDocType(byte[] b) {
        if (b.length < 8 || (b[0] & 0xff) != 0x1A || (b[1] & 0xff) != 0x45 || (b[2] & 0xff) != 0xDF
                || (b[3] & 0xff) != 0xA3) {
            return null;
        }
        long[] size = vint(b, 4, true);
        if (size == null) {
            return null;
        }
        int p = (int) size[1];
        long end = Math.min(b.length, p + size[0]);
        while (p < end) {
            long[] id = vint(b, p, false);
            if (id == null) {
                return null;
            }
            long[] len = vint(b, (int) id[1], true);
            if (len == null || len[1] + len[0] > end) {
                return null;
            }
            int data = (int) len[1];
            if (id[0] == 0x4282) {
                return new String(b, data, (int) len[0], java.nio.charset.StandardCharsets.US_ASCII).strip()
                        .replace("\0", "");
            }
            p = data + (int) len[0];
        }
        return null;
    }

    /** An EBML variable-length integer at {@code p}: {value, next offset}; the marker bit is dropped for sizes. */
    private static long[] vint(byte[] b, int p, boolean dropMarker) {
        if (p >= b.length) {
            return null;
        }
        int first = b[p] & 0xff;
        int len = Integer.numberOfLeadingZeros(first) - 23;
        if (first == 0 || len > 8 || p + len > b.length) {
            return null;
        }
        long v = dropMarker ? first & (0xFF >> len) : first;
        for (int i = 1; i < len; i++) {
            v = v << 8 | (b[p + i] & 0xff);
        }
        return new long[] {v, p + len};
    }

    private static Verdict verdict(Findings f, String detected, FileNames.Result name, long size, String sha) {
        return new Verdict(f.isEmpty(), f.reasons(), detected, name.ok() ? name.extension() : "",
                name.ok() ? name.name() : "", size, sha, f.message());
    }
}
