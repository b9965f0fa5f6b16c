package io.portcullis.upload;

import io.portcullis.core.Key;
import io.portcullis.core.KeyProvider;
import io.portcullis.core.KeySet;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every {@code portcullis.upload.*} key, declared once: {@link UploadPolicy#from} reads them and
 * {@link UploadPolicy.Builder#build()} validates with them, so a builder and a properties file
 * accept the same values with the same messages; docs/upload-guard.md's key table is generated
 * from {@link #KEYS}. The {@code KEY_*} names on {@link UploadPolicy} are these keys' names.
 */
public final class UploadKeys implements KeyProvider {

    static final String P = "portcullis.upload.";

    public static final Key<UploadPolicy.Preset> PRESET = Key.token(P + "preset", UploadPolicy.Preset.IMAGES,
            UploadPolicy.Preset.class,
            "Ready-made extension set: images (jpg, jpeg, png, gif, webp), documents (pdf, txt), "
                    + "office (docx, xlsx, pptx, odt, ods, odp, pdf).");
    public static final Key<List<String>> ALLOW = Key.list(P + "allow", List.of(),
            "Extensions from the catalogue, replacing the preset's list when set.")
            .defaultText("")
            .rule("must be a comma-separated list of extensions from the catalogue")
            .checking(l -> l.forEach(e -> {
                if (Catalogue.row(e) == null) {
                    throw Key.reject("entries must be known safe extensions ("
                            + String.join(", ", Catalogue.extensions()) + ")", e);
                }
            }));
    public static final Key<Long> MAX_FILE_SIZE = Key.longInteger(P + "max-file-size", 10L << 20, 1, 1L << 40,
            "Bytes per file.");
    public static final Key<Long> MAX_REQUEST_SIZE = Key.longInteger(P + "max-request-size", 50L << 20, 1, 1L << 42,
            "Bytes per request (Content-Length checked first, then counted while streaming).");
    public static final Key<Integer> MAX_PARTS = Key.integer(P + "max-parts", 20, 1, 10_000,
            "Parts per request (files and fields).");
    public static final Key<Integer> MAX_FIELD_SIZE = Key.integer(P + "max-field-size", 65_536, 0, 16 << 20,
            "Bytes per non-file field.");
    public static final Key<Integer> MAX_PART_HEADER_SIZE = Key.integer(P + "max-part-header-size", 512, 128, 65_536,
            "Header bytes per part (as commons-fileupload / Tomcat).");
    public static final Key<Integer> MAX_FILENAME_BYTES = Key.integer(P + "max-filename-bytes", 255, 16, 1024,
            "Filename length in UTF-8 bytes.");
    public static final Key<Long> MAX_PIXELS = Key.longInteger(P + "max-pixels", 50_000_000L, 1, 1L << 40,
            "Width × height from image headers, before any decode.");
    public static final Key<Integer> MAX_ENTRIES = Key.integer(P + "max-entries", 10_000, 1, 1_000_000,
            "Zip / OLE2 entries.");
    public static final Key<Long> MAX_INFLATED_SIZE = Key.longInteger(P + "max-inflated-size", 100L << 20, 1, 1L << 40,
            "Total inflated bytes of a zip container (also: PDF streams, PNG compressed chunks, and where the PNG IDAT "
            + "/ GIF LZW scan stops).");
    public static final Key<Integer> MAX_RATIO = Key.integer(P + "max-ratio", 100, 1, 100_000,
            "Inflated/compressed ratio (archive, and each entry over 8 MiB).");
    public static final Key<Duration> MAX_INSPECT_SECONDS = Key.seconds(P + "max-inspect-seconds",
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(1),
            "Wall-clock budget for inspecting one file.");
    public static final Key<Boolean> DANGEROUSLY_ALLOW_SVG = Key.bool(P + "dangerously-allow-svg", false,
            "Needed to list `svg`; accepted SVG must still have no script, handlers, external references or DOCTYPE.");
    public static final Key<Boolean> ALLOW_LEGACY_OFFICE = Key.bool(P + "allow-legacy-office", false,
            "Needed to list `doc`, `xls`, `ppt` (OLE2); VBA storages still rejected.");
    public static final Key<Integer> MAX_EMBEDDING_DEPTH = Key.integer(P + "max-embedding-depth", 2, 0, 5,
            "How deep embedded Office packages (a chart's workbook in a .pptx, a .docx in a .xlsx) are inspected, 0–5; "
            + "they share the upload's time and `max-inflated-size` budget; deeper or at 0 → `EMBEDDED_OBJECT`.");
    public static final Key<Boolean> DANGEROUSLY_ALLOW_EMBEDDED_OBJECTS = Key.bool(
            P + "dangerously-allow-embedded-objects", false,
            "Accept embedded objects that cannot be inspected (OLE objects and non-Office packages in OOXML, OLE2 "
            + "`ObjectPool`/`MBD` storages and `Ole10Native`, PowerPoint `ExOleObjStg`, PDF `EmbeddedFiles`) instead "
            + "of `EMBEDDED_OBJECT`; macros found in them are still refused.");
    public static final Key<Boolean> DANGEROUSLY_ALLOW_EXTERNAL_REFERENCES = Key.bool(
            P + "dangerously-allow-external-references", false,
            "Accept external references (Office `TargetMode=\"External\"` relationships: attached templates, linked "
            + "workbooks, mail-merge sources, OLE links; remote XML schema locations; SVG/XML external references) "
            + "instead of `EXTERNAL_REFERENCE`: whoever processes the file may fetch them (SSRF, NTLM leaks).");
    public static final Key<Boolean> DANGEROUSLY_ALLOW_ENCRYPTED_PDF = Key.bool(P + "dangerously-allow-encrypted-pdf",
            false,
            "Accept PDFs with `/Encrypt` in the trailer instead of `ENCRYPTED`; their strings and streams (object "
            + "streams included) cannot be read, so JavaScript, embedded files or markup hidden in them are **not "
            + "seen**: only the unencrypted object dictionaries are checked.");
    public static final Key<Boolean> REJECT_CSV_FORMULAS = Key.bool(P + "reject-csv-formulas", true,
            "CSV cells starting with `=`, `@`, or a non-numeric `+`/`-` → `CSV_FORMULA`.");
    public static final Key<Path> TEMP_DIR = Key.<Path>of(P + "temp-dir", Key.Type.STRING, Path.class, null, "",
            "must be a directory path", text -> {
                try {
                    return text.isEmpty() ? null : Path.of(text);
                } catch (InvalidPathException e) {
                    throw Key.reject(null, text);
                }
            }, p -> p == null ? "" : p.toString(),
                    "Where parts are spooled (private temp files, deleted on every path).");
    public static final Key<List<String>> PATHS = Key.list(P + "paths", List.of(),
            "Filter only: path prefixes (after the context path) to guard; matched against the container's routed path "
            + "(servlet path + path info: decoded, normalised) **and** the raw URI, so every spelling of a guarded "
            + "resource is guarded.")
            .rule("must be a comma-separated list of path prefixes starting with /")
            .checking(l -> l.forEach(p -> {
                if (!p.startsWith("/")) {
                    throw Key.reject("must list path prefixes starting with /", p);
                }
            }));
    public static final Key<List<String>> ALLOW_MULTIPART_SUBTYPES = Key.list(P + "allow-multipart-subtypes", List.of(),
            "Filter only: `multipart/*` subtypes besides `form-data` to inspect (e.g. `mixed, related`); without it "
            + "any other multipart request on a guarded path → 415 `MULTIPART_TYPE_REFUSED`.")
            .rule("must be a comma-separated list of media subtype tokens such as mixed")
            .checking(l -> l.forEach(t -> {
                if (t.isEmpty() || !t.chars().allMatch(c -> HeaderValue.isTchar((char) c))) {
                    throw Key.reject("entries must be media subtype tokens such as mixed", t);
                }
            }));

    /** Every key of the module, in documentation order. */
    public static final KeySet KEYS = KeySet.of("upload-guard", PRESET, ALLOW, MAX_FILE_SIZE, MAX_REQUEST_SIZE,
            MAX_PARTS, MAX_FIELD_SIZE, MAX_PART_HEADER_SIZE, MAX_FILENAME_BYTES, MAX_PIXELS, MAX_ENTRIES,
            MAX_INFLATED_SIZE, MAX_RATIO, MAX_INSPECT_SECONDS, DANGEROUSLY_ALLOW_SVG, ALLOW_LEGACY_OFFICE,
            MAX_EMBEDDING_DEPTH, DANGEROUSLY_ALLOW_EMBEDDED_OBJECTS, DANGEROUSLY_ALLOW_EXTERNAL_REFERENCES,
            DANGEROUSLY_ALLOW_ENCRYPTED_PDF,
            REJECT_CSV_FORMULAS, TEMP_DIR, PATHS, ALLOW_MULTIPART_SUBTYPES);

    @Override
    public KeySet keys() {
        return KEYS;
    }
}
