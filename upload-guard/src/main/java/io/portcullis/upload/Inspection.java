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
        Findings f = new Findings();
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
            String magic = tika(head);
            detected = container != null ? container : magic;
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
        byte[] b = ZipInspector.read(ch, size - tail, tail).array();
        for (int i = tail - 22; i >= 0; i--) {
            if (ZipInspector.le32(b, i) == 0x06054b50) {
                long cdSize = ZipInspector.le32u(b, i + 12);
                long eocdPos = size - tail + i;
                int comment = ZipInspector.le16(b, i + 20);
                if (cdSize > 0 && cdSize <= eocdPos && eocdPos + 22 + comment == size) {
                    return true;
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
        MediaType t = TIKA.detect(new ByteArrayInputStream(head), new Metadata());
        return t.getBaseType().toString();
    }

    private static Verdict verdict(Findings f, String detected, FileNames.Result name, long size, String sha) {
        return new Verdict(f.isEmpty(), f.reasons(), detected, name.ok() ? name.extension() : "",
                name.ok() ? name.name() : "", size, sha, f.message());
    }
}
