package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real file of the shared corpus ({@code PORTCULLIS_CORPUS_DIR} or {@code corpus.dir}, from Apache Tika's test
 * suite): accepted under a policy allowing its extension when full Tika's type matches the
 * extension, and rejected under a policy that does not allow it. Every file that is not
 * accepted that way is listed below with the reason, as data.
 */
class CorpusTest {

    /** Extensions the catalogue deliberately does not offer, so no policy can allow them. */
    static final Map<String, String> NOT_OFFERED = Map.ofEntries(
            Map.entry("class", "Java bytecode: executable"),
            Map.entry("exe", "Windows executable"),
            Map.entry("bat", "Windows batch script: executable"),
            Map.entry("js", "JavaScript: active content"),
            Map.entry("html", "HTML: active content (stored XSS)"),
            Map.entry("swf", "Flash: active content"),
            Map.entry("jar", "Java archive: executable"),
            Map.entry("apk", "Android package: executable"),
            Map.entry("docm", "macro-enabled Word: MACRO by design"),
            Map.entry("xlsm", "macro-enabled Excel: MACRO by design"),
            Map.entry("pptm", "macro-enabled PowerPoint: MACRO by design"),
            Map.entry("7z", "7-Zip: cannot be inspected inside without commons-compress (kept out of the runtime)"),
            Map.entry("rar", "RAR: cannot be inspected inside (licence and footprint)"),
            Map.entry("tar", "tar: entries not inspected (zip slip, symlinks) in this version"),
            Map.entry("gz", "gzip: decompression bomb surface; not offered"),
            Map.entry("dmg", "Apple disk image: not inspectable"),
            Map.entry("eml", "e-mail message: carries HTML and attachments; not offered"),
            Map.entry("msg", "Outlook message: carries attachments; not offered"));

    /** The expected outcome of a file that is not simply "accepted when its extension is allowed". */
    record Exception(Reason reason, String why) {
    }

    /** {@code reason == null}: accepted although full Tika's type differs from the name's type. */
    static final Map<String, Exception> EXCEPTIONS = Map.ofEntries(
            // full Tika's type differs from the extension's
            Map.entry("a_transcriptome.txt", new Exception(Reason.TYPE_MISMATCH, "ISA-Tab assay: Tika's magic says application/x-isatab-assay")),
            Map.entry("i_investigation.txt", new Exception(Reason.TYPE_MISMATCH, "ISA-Tab investigation: application/x-isatab-investigation")),
            Map.entry("testMessageNews.txt", new Exception(Reason.TYPE_MISMATCH, "a Usenet article: message/news, not text/plain")),
            Map.entry("russian.cp866.txt", new Exception(Reason.TYPE_UNKNOWN, "CP866 bytes look binary to Tika (octet-stream)")),
            Map.entry("testAppleSingleFile.pdf", new Exception(Reason.TYPE_MISMATCH, "an AppleSingle wrapper named .pdf")),
            Map.entry("testODTnotaZipFile.odt", new Exception(Reason.TYPE_MISMATCH, "24 bytes of text named .odt on purpose")),
            Map.entry("protected_normal_case.docx", new Exception(Reason.ENCRYPTED, "password-protected OOXML (an OLE2 EncryptedPackage): cannot be inspected")),
            Map.entry("test-documents-spanned.zip", new Exception(Reason.TYPE_UNKNOWN, "one volume of a spanned zip: no signature at offset 0")),
            Map.entry("foo.csv", new Exception(null, "CSV is text/plain by bytes; the csv matrix row accepts text/plain plus the CSV check")),
            Map.entry("test-columnar.csv", new Exception(null, "CSV is text/plain by bytes (see foo.csv)")),
            Map.entry("testCSV.csv", new Exception(null, "CSV is text/plain by bytes (see foo.csv)")),
            Map.entry("test.json", new Exception(null, "JSON is text/plain by bytes; the json row accepts text/plain")),
            Map.entry("test-with-unpack.json", new Exception(null, "JSON is text/plain by bytes")),
            Map.entry("testTika4424.zip", new Exception(null, "a KMZ (Google Earth) is a zip; accepted as application/zip")),
            Map.entry("en-US_(Hi).mp4", new Exception(null, "ISO BMFF: Tika says video/quicktime; the mp4 row accepts both brands")),
            Map.entry("testMP4AudioOnly.mp4", new Exception(null, "ISO BMFF, video/quicktime brand (see en-US_(Hi).mp4)")),
            Map.entry("testMP4Video.mp4", new Exception(null, "ISO BMFF, video/quicktime brand (see en-US_(Hi).mp4)")),
            // full Tika agrees with the extension, but the guard refuses by design
            Map.entry("testEXCEL_embeddedPDF_windows.xlsx", new Exception(Reason.EMBEDDED_OBJECT, "embeds an OLE object (xl/embeddings/oleObject1.bin)")),
            Map.entry("testEXCEL_embeded.xlsx", new Exception(Reason.EMBEDDED_OBJECT, "embeds Word/PowerPoint documents (xl/embeddings/)")),
            Map.entry("testMSChart-govdocs-428996.xlsx", new Exception(Reason.EMBEDDED_OBJECT, "embeds an OLE chart object")),
            Map.entry("testPPT_oleWorkbook.pptx", new Exception(Reason.EMBEDDED_OBJECT, "embeds an OLE workbook")),
            Map.entry("testPPT_various2.pptx", new Exception(Reason.EMBEDDED_OBJECT, "embeds OLE objects")),
            Map.entry("testODPMacro.odp", new Exception(Reason.MACRO, "carries a LibreOffice Basic module")),
            Map.entry("testODSMacro.ods", new Exception(Reason.MACRO, "carries a LibreOffice Basic module")),
            Map.entry("testPDFPackage.pdf", new Exception(Reason.ACTIVE_CONTENT, "a PDF portfolio with /JavaScript and /EmbeddedFiles")),
            Map.entry("testPDF_jsActionOnPage.pdf", new Exception(Reason.ACTIVE_CONTENT, "a page action runs /JavaScript")),
            Map.entry("testMicrosoftIRMServices.pdf", new Exception(Reason.EMBEDDED_OBJECT, "IRM-protected PDF: the payload is an /EmbeddedFiles attachment")),
            Map.entry("testSVG.svg", new Exception(Reason.XML_DOCTYPE, "SVG with a DOCTYPE (the SVG 1.1 DTD): DOCTYPE is refused everywhere (XXE)")),
            Map.entry("testWORD_no_format.docx", new Exception(Reason.EXTERNAL_REFERENCE, "attachedTemplate → file:///D:\\… (TargetMode=External)")),
            Map.entry("testWORD_template.docx", new Exception(Reason.EXTERNAL_REFERENCE, "attachedTemplate → file:///C:\\… (TargetMode=External)")),
            Map.entry("testZIP_corrupted_oom.zip", new Exception(Reason.POLYGLOT, "deliberately corrupt: junk between the central directory and its end record")),
            Map.entry("testExcel_embeddedPDF.xlsx", new Exception(Reason.EMBEDDED_OBJECT, "embeds a PDF as an OLE object")),
            Map.entry("Doc1_ole.doc", new Exception(Reason.EMBEDDED_OBJECT, "Word ObjectPool holds an embedded OLE object")),
            Map.entry("testExcel_embeddedPDF.xls", new Exception(Reason.EMBEDDED_OBJECT, "an MBD storage holds an embedded PDF")),
            Map.entry("testPDF_no_extract_yes_accessibility_owner_user.pdf", new Exception(Reason.ENCRYPTED, "/Encrypt in the trailer (owner password): strings and streams cannot be inspected")),
            Map.entry("testPPT_protected_passtika.ppt", new Exception(Reason.ENCRYPTED, "password-protected PowerPoint (EncryptedSummary, CryptSession10)")),
            Map.entry("testWORD_protected_passtika.doc", new Exception(Reason.ENCRYPTED, "password-protected Word (FIB fEncrypted)")));

    record Row(String file, String nameType, String fullType, String ext) {
        @Override
        public String toString() {
            return file;
        }
    }

    /** The corpus folder: env PORTCULLIS_CORPUS_DIR, else the {@code corpus.dir} property surefire sets. */
    static Path dir() {
        String d = System.getenv("PORTCULLIS_CORPUS_DIR");
        if (d == null || d.isBlank()) {
            d = System.getProperty("corpus.dir");
        }
        return d == null ? null : Path.of(d);
    }

    static Stream<Row> rows() throws IOException {
        Path dir = dir();
        if (dir == null || !Files.isRegularFile(dir.resolve("MANIFEST.tsv"))) {
            return Stream.of(new Row(null, null, null, null));
        }
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t");
            String ext = c[0].substring(c[0].lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            rows.add(new Row(c[0], c[1], c[2].replaceAll(";.*", "").strip(), ext));
        }
        return rows.stream();
    }

    static void assumeCorpus(Row row) {
        Assumptions.assumeTrue(row.file() != null, "corpus not found: put it at ../shared/corpus/benign beside the project"
                + " or set PORTCULLIS_CORPUS_DIR (looked at " + dir() + "); skipping");
    }

    static UploadPolicy allowing(String ext) {
        return UploadPolicy.builder().dangerouslyAllowSvg(true).allowLegacyOffice(true).allow(ext).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void acceptedWhenItsTypeIsAllowedUnlessListed(Row row) throws IOException {
        assumeCorpus(row);
        Path file = dir().resolve(row.file());
        if (NOT_OFFERED.containsKey(row.ext())) {
            assertThatThrownBy(() -> allowing(row.ext())).as(NOT_OFFERED.get(row.ext()))
                    .isInstanceOf(IllegalArgumentException.class);
            Verdict v = new UploadGuard(UploadPolicy.office()).inspect(file, row.file());
            assertThat(v.reasons()).as(v.toString()).contains(Reason.EXTENSION_NOT_ALLOWED);
            return;
        }
        assertThat(UploadPolicy.catalogue()).as("extension of " + row.file() + " must be offered or listed").contains(row.ext());
        Verdict v = new UploadGuard(allowing(row.ext())).inspect(file, row.file());
        Exception e = EXCEPTIONS.get(row.file());
        if (e == null) {
            assertThat(row.fullType()).as(row.file() + ": full Tika differs from the name; list it as an exception")
                    .isEqualTo(row.nameType());
            assertThat(v.accepted()).as(v.toString()).isTrue();
            assertThat(UploadPolicy.catalogue()).contains(v.extension());
        } else if (e.reason() == null) {
            assertThat(v.accepted()).as(v + " (" + e.why() + ")").isTrue();
        } else {
            assertThat(v.reasons()).as(v + " (" + e.why() + ")").contains(e.reason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rejectedUnderAPolicyThatDoesNotAllowIt(Row row) throws IOException {
        assumeCorpus(row);
        Path file = dir().resolve(row.file());
        String other = row.ext().equals("png") ? "pdf" : "png";
        UploadPolicy policy = UploadPolicy.allowing(other);
        Verdict asNamed = new UploadGuard(policy).inspect(file, row.file());
        assertThat(asNamed.accepted()).as(asNamed.toString()).isFalse();
        assertThat(asNamed.reasons()).contains(Reason.EXTENSION_NOT_ALLOWED);
        Verdict renamed = new UploadGuard(policy).inspect(file, "renamed." + other);
        assertThat(renamed.accepted()).as("renamed to ." + other + ": " + renamed).isFalse();
    }

    @Test
    void everyListedExceptionIsInTheCorpus() throws IOException {
        List<String> files = rows().map(Row::file).toList();
        Assumptions.assumeTrue(files.get(0) != null, "corpus not found; skipping");
        assertThat(files).containsAll(EXCEPTIONS.keySet());
    }
}
