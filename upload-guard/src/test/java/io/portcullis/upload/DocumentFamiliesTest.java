package io.portcullis.upload;

import static io.portcullis.upload.DocumentSamples.map;
import static io.portcullis.upload.Samples.ascii;
import static io.portcullis.upload.Samples.concat;
import static io.portcullis.upload.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real-world document families of issue 11, generated here: dangerous ones (R1–R7) refused
 * with their reason beside a positive control under the same policy, and benign ones (B1–B11)
 * that used to be refused for no good reason, accepted beside an attack that must still fail.
 */
class DocumentFamiliesTest {

    static final UploadPolicy LEGACY = UploadPolicy.builder().allowLegacyOffice(true).allow("doc", "xls", "ppt").build();
    static final UploadPolicy OFFICE = UploadPolicy.office();
    static final UploadPolicy DOCS = UploadPolicy.documents();
    static final UploadPolicy ENCRYPTED_PDF_OK = DOCS.toBuilder().dangerouslyAllowEncryptedPdf(true).build();
    static final UploadPolicy XLSX = UploadPolicy.allowing("xlsx");
    static final UploadPolicy ZIP = UploadPolicy.allowing("zip");
    static final UploadPolicy XML = UploadPolicy.allowing("xml");
    static final UploadPolicy SVG = UploadPolicy.builder().dangerouslyAllowSvg(true).allow("svg").build();
    static final UploadPolicy WEBM = UploadPolicy.allowing("webm");
    static final UploadPolicy IMAGES = UploadPolicy.images();

    record Case(String family, String what, Reason expected, UploadPolicy policy, byte[] bytes, String name) {
        @Override
        public String toString() {
            return family + (expected == null ? " control: " : " attack: ") + what;
        }
    }

    static Case attack(String family, String what, Reason expected, UploadPolicy policy, byte[] bytes, String name) {
        return new Case(family, what, expected, policy, bytes, name);
    }

    static Case control(String family, String what, UploadPolicy policy, byte[] bytes, String name) {
        return new Case(family, what, null, policy, bytes, name);
    }

    static Verdict inspect(UploadPolicy policy, byte[] bytes, String name) throws Exception {
        return new UploadGuard(policy).inspect(new ByteArrayInputStream(bytes), name);
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        Map<String, byte[]> none = Map.of();
        // R1: PowerPoint macros inside the PowerPoint Document stream
        c.add(attack("R1", "ppt VBAInfo fHasMacros=1", Reason.MACRO, LEGACY, DocumentSamples.ppt(1, true, false), "x.ppt"));
        c.add(control("R1", "ppt VBAInfo fHasMacros=0", LEGACY, DocumentSamples.ppt(0, false, false), "x.ppt"));
        c.add(control("R1", "ppt without VBAInfo", LEGACY, DocumentSamples.ppt(null, false, false), "x.ppt"));
        c.add(attack("R1", "ppt embedding an OLE object (ExOleObjStg)", Reason.EMBEDDED_OBJECT, LEGACY,
                DocumentSamples.ppt(0, true, false), "x.ppt"));
        // R2: Excel 4.0 macro sheets
        c.add(attack("R2", "xls BoundSheet8 macro sheet (XLM)", Reason.MACRO, LEGACY, DocumentSamples.xls(1, false, none), "x.xls"));
        c.add(attack("R2", "xls BoundSheet8 VBA module sheet", Reason.MACRO, LEGACY, DocumentSamples.xls(6, false, none), "x.xls"));
        c.add(attack("R2", "BIFF4 macro sheet", Reason.MACRO, LEGACY, DocumentSamples.biff4(0x40), "x.xls"));
        c.add(control("R2", "xls worksheet", LEGACY, DocumentSamples.xls(0, false, none), "x.xls"));
        c.add(control("R2", "xls chart sheet", LEGACY, DocumentSamples.xls(2, false, none), "x.xls"));
        c.add(control("R2", "BIFF4 worksheet", LEGACY, DocumentSamples.biff4(0x10), "x.xls"));
        // R3: legacy binary encryption
        c.add(attack("R3", "xls FILEPASS", Reason.ENCRYPTED, LEGACY, DocumentSamples.xls(0, true, none), "x.xls"));
        c.add(attack("R3", "doc FIB fEncrypted", Reason.ENCRYPTED, LEGACY, DocumentSamples.doc(true, none), "x.doc"));
        c.add(attack("R3", "ppt CryptSession10Container", Reason.ENCRYPTED, LEGACY, DocumentSamples.ppt(null, false, true), "x.ppt"));
        c.add(control("R3", "doc not encrypted", LEGACY, DocumentSamples.doc(false, none), "x.doc"));
        // R4: encrypted PDFs
        byte[] encryptedPdf = ascii("%PDF-1.6\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                + "3 0 obj\n<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -3904 >>\nendobj\ntrailer\n<< /Root 1 0 R /Encrypt 3 0 R /ID [<01><01>] >>\n%%EOF\n");
        c.add(attack("R4", "PDF with /Encrypt", Reason.ENCRYPTED, DOCS, encryptedPdf, "x.pdf"));
        c.add(control("R4", "PDF with /Encrypt under dangerously-allow-encrypted-pdf", ENCRYPTED_PDF_OK, encryptedPdf, "x.pdf"));
        c.add(control("R4", "plain PDF", DOCS, Samples.pdf(), "x.pdf"));
        // R5: a zip inside a PDF, not at its end
        byte[] jar = Samples.zip(Samples.entries("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "Evil.class", new byte[] {(byte) 0xca, (byte) 0xfe}));
        byte[] pdf = Samples.pdf();
        int mid = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("2 0 obj");
        c.add(attack("R5", "zip between two PDF objects", Reason.POLYGLOT, DOCS,
                concat(java.util.Arrays.copyOf(pdf, mid), jar, ascii("\n"), java.util.Arrays.copyOfRange(pdf, mid, pdf.length)), "x.pdf"));
        c.add(control("R5", "PDF mentioning PK in a string", DOCS, Samples.pdf("/Title (PK archive notes) "), "x.pdf"));
        // R6: remote XML schema references in OOXML parts
        c.add(attack("R6", "xmlMaps.xml xsd:import of an http schema", Reason.EXTERNAL_REFERENCE, XLSX, Samples.zip(
                DocumentSamples.xlsxEntries(DocumentSamples.XLSX_MAIN, "xl/xmlMaps.xml", DocumentSamples.xmlMaps("http://169.254.169.254/latest/x.xsd"))), "x.xlsx"));
        c.add(attack("R6", "xs:include of a UNC path", Reason.EXTERNAL_REFERENCE, XLSX, Samples.zip(DocumentSamples.xlsxEntries(DocumentSamples.XLSX_MAIN,
                "xl/xmlMaps.xml", DocumentSamples.xmlMaps("\\\\attacker\\share\\x.xsd").replace("xsd:import", "xs:include"))), "x.xlsx"));
        c.add(control("R6", "xmlMaps.xml importing a local schema", XLSX, Samples.zip(
                DocumentSamples.xlsxEntries(DocumentSamples.XLSX_MAIN, "xl/xmlMaps.xml", DocumentSamples.xmlMaps("local.xsd"))), "x.xlsx"));
        // R7: charts and embedded packages: inspected recursively, with the upload's budget
        byte[] cleanXlsx = Samples.zip(DocumentSamples.xlsxEntries(DocumentSamples.XLSX_MAIN));
        byte[] macroXlsx = Samples.zip(DocumentSamples.xlsxEntries(DocumentSamples.XLSM_MAIN));
        c.add(control("R7", "docx with a chart workbook (clean embedded xlsx)", OFFICE,
                DocumentSamples.docxEmbedding("Microsoft_Excel_Worksheet1.xlsx", cleanXlsx), "x.docx"));
        c.add(attack("R7", "docx embedding a macro-enabled workbook", Reason.MACRO, OFFICE,
                DocumentSamples.docxEmbedding("Microsoft_Excel_Worksheet1.xlsm", macroXlsx), "x.docx"));
        c.add(attack("R7", "docx embedding an OLE object", Reason.EMBEDDED_OBJECT, OFFICE,
                DocumentSamples.docxEmbedding("oleObject1.bin", Samples.ole2("Package")), "x.docx"));
        c.add(attack("R7", "docx embedding a plain zip", Reason.EMBEDDED_OBJECT, OFFICE,
                DocumentSamples.docxEmbedding("x.xlsx", Samples.zip(Samples.entries("a.txt", "x"))), "x.docx"));
        c.add(attack("R7", "embedded workbook with a DOCTYPE", Reason.XML_DOCTYPE, OFFICE,
                DocumentSamples.docxEmbedding("w.xlsx", Samples.zip(DocumentSamples.xlsxEntries(DocumentSamples.XLSX_MAIN,
                        "xl/styles.xml", "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x \"y\">]><s/>"))), "x.docx"));
        byte[] nested = DocumentSamples.docxEmbedding("inner.docx", DocumentSamples.docxEmbedding("w.xlsx", cleanXlsx));
        c.add(control("R7", "two levels of clean embedding under the default depth 2", OFFICE, nested, "x.docx"));
        c.add(attack("R7", "two levels of embedding under max-embedding-depth 1", Reason.EMBEDDED_OBJECT,
                OFFICE.toBuilder().maxEmbeddingDepth(1).build(), nested, "x.docx"));
        c.add(attack("R7", "a chart workbook under max-embedding-depth 0", Reason.EMBEDDED_OBJECT,
                OFFICE.toBuilder().maxEmbeddingDepth(0).build(), DocumentSamples.docxEmbedding("w.xlsx", cleanXlsx), "x.docx"));
        c.add(control("R7", "docx embedding an OLE object under dangerously-allow-embedded-objects",
                OFFICE.toBuilder().dangerouslyAllowEmbeddedObjects(true).build(),
                DocumentSamples.docxEmbedding("oleObject1.bin", Samples.ole2("Package")), "x.docx"));
        // R8: another format hidden in a JPEG comment or APPn segment
        c.add(attack("R8", "MP3 frames in a JPEG comment", Reason.POLYGLOT, IMAGES,
                DocumentSamples.jpegWithSegment(0xFE, DocumentSamples.mp3Frames(40, 8)), "x.jpg"));
        c.add(attack("R8", "an ID3-tagged MP3 in APP15", Reason.POLYGLOT, IMAGES, DocumentSamples.jpegWithSegment(0xEF,
                concat(ascii("ID3"), new byte[] {3, 0, 0, 0, 0, 0, 10}, ascii("TIT2"), new byte[] {0, 0, 0, 0}, DocumentSamples.mp3Frames(4, 9))), "x.jpg"));
        c.add(attack("R8", "a zip in APP1", Reason.POLYGLOT, IMAGES, DocumentSamples.jpegWithSegment(0xE1, jar), "x.jpg"));
        c.add(attack("R8", "a PE executable in a comment", Reason.POLYGLOT, IMAGES,
                DocumentSamples.jpegWithSegment(0xFE, DocumentSamples.peHeader()), "x.jpg"));
        c.add(attack("R8", "a PDF in APP9", Reason.POLYGLOT, IMAGES, DocumentSamples.jpegWithSegment(0xE9, Samples.pdf()), "x.jpg"));
        c.add(attack("R8", "HTML with a script in a comment", Reason.ACTIVE_CONTENT, IMAGES,
                DocumentSamples.jpegWithSegment(0xFE, ascii("<html><script>alert(1)</script></html>")), "x.jpg"));
        c.add(control("R8", "a JPEG comment of text naming formats (PK, MZ, ID3, %PDF)", IMAGES,
                DocumentSamples.jpegWithSegment(0xFE, ascii("Scanned by PK MZ-3000; ID3 tags; %PDF export; Rar! 7z")), "x.jpg"));
        c.add(control("R8", "a JPEG comment of seeded noise", IMAGES,
                DocumentSamples.jpegWithSegment(0xFE, noise(16_000, 8)), "x.jpg"));
        c.add(control("R8", "two MP3 frame headers in a comment (a lone sync word is chance)", IMAGES,
                DocumentSamples.jpegWithSegment(0xFE, DocumentSamples.mp3Frames(2, 8)), "x.jpg"));
        c.add(control("R8", "an Exif APP1 carrying a JPEG thumbnail", IMAGES, DocumentSamples.jpegWithSegment(0xE1,
                concat(ascii("Exif\0\0"), Samples.image("jpg", 16, 16))), "x.jpg"));
        // R9: text amplification through shared strings, within every container cap
        String strings = DocumentSamples.sharedStrings(1, 32_768).replace("</sst>", "<si><t>short text</t></si></sst>");
        c.add(attack("R9", "4000 cells all showing one 32 KiB shared string (131 M characters)", Reason.CONTAINER_LIMIT, XLSX,
                Samples.zip(DocumentSamples.xlsxEntries(DocumentSamples.XLSX_MAIN, "xl/worksheets/sheet1.xml",
                        DocumentSamples.sheet(4000, 0, ""), "xl/sharedStrings.xml", strings)), "x.xlsx"));
        c.add(attack("R9", "the same with prefixed elements, t = 's' and a comment holding a quote", Reason.CONTAINER_LIMIT,
                XLSX, Samples.zip(DocumentSamples.xlsxEntries(DocumentSamples.XLSX_MAIN, "xl/sharedStrings.xml", strings,
                        "xl/worksheets/sheet1.xml", DocumentSamples.sheet(4000, 0, "x:"))), "x.xlsx"));
        c.add(control("R9", "4000 cells showing a short shared string", XLSX, Samples.zip(DocumentSamples.xlsxEntries(
                DocumentSamples.XLSX_MAIN, "xl/worksheets/sheet1.xml", DocumentSamples.sheet(4000, 1, ""),
                "xl/sharedStrings.xml", strings)), "x.xlsx"));
        c.add(control("R9", "the 32 KiB string shown by 10 cells", XLSX, Samples.zip(DocumentSamples.xlsxEntries(
                DocumentSamples.XLSX_MAIN, "xl/worksheets/sheet1.xml", DocumentSamples.sheet(10, 0, ""),
                "xl/sharedStrings.xml", strings)), "x.xlsx"));

        // B1: OOXML main part declared by a <Default>
        c.add(control("B1", "docx whose main part type is a Default", OFFICE, DocumentSamples.docxWithDefaultMain(), "x.docx"));
        c.add(attack("B1", "Default main type but a macro-enabled override", Reason.MACRO, OFFICE, Samples.zip(
                DocumentSamples.xlsxEntries(DocumentSamples.XLSM_MAIN)), "x.xlsx"));
        // B2: the container's own main stream decides its type
        byte[] xlsWithDoc = DocumentSamples.xls(0, false, map("MBD0001/", new byte[0], "MBD0001/WordDocument",
                new byte[64], "MBD0001/1Table", new byte[16]));
        c.add(attack("B2", "xls embedding a Word document is refused for the embedding", Reason.EMBEDDED_OBJECT, LEGACY, xlsWithDoc, "x.xls"));
        c.add(control("B2", "xls embedding a Word document under dangerously-allow-embedded-objects",
                LEGACY.toBuilder().dangerouslyAllowEmbeddedObjects(true).build(), xlsWithDoc, "x.xls"));
        c.add(attack("B2", "xls embedding a Word document renamed .doc", Reason.TYPE_MISMATCH,
                LEGACY.toBuilder().dangerouslyAllowEmbeddedObjects(true).build(), xlsWithDoc, "x.doc"));
        // B3: WebM by its EBML DocType
        c.add(control("B3", "webm", WEBM, DocumentSamples.ebml("webm"), "x.webm"));
        c.add(attack("B3", "Matroska named .webm", Reason.TYPE_MISMATCH, WEBM, DocumentSamples.ebml("matroska"), "x.webm"));
        // B4: what real tools leave after a zip end record, and Zip64
        byte[] zip = Samples.zip(Samples.entries("a.txt", "hello"));
        c.add(control("B4", "zip + one trailing newline", ZIP, concat(zip, ascii("\n")), "x.zip"));
        c.add(control("B4", "zip + 16 NUL bytes of padding", ZIP, concat(zip, new byte[16]), "x.zip"));
        c.add(control("B4", "zip64 end record and locator with 0xFFFF markers", ZIP, DocumentSamples.zip64(zip, true), "x.zip"));
        c.add(control("B4", "zip64 end record and locator with real counts", ZIP, DocumentSamples.zip64(zip, false), "x.zip"));
        c.add(control("B4", "docx + CRLF", OFFICE, concat(Samples.docx(), ascii("\r\n")), "x.docx"));
        c.add(attack("B4", "zip + appended script", Reason.POLYGLOT, ZIP, concat(zip, ascii("<?php system($_GET[1]); ?>")), "x.zip"));
        c.add(attack("B4", "zip + 200 NUL bytes", Reason.POLYGLOT, ZIP, concat(zip, new byte[200]), "x.zip"));
        // B5: PDF strings are text, not names
        c.add(control("B5", "PDF rich-text annotation /RC with <body>", DOCS, Samples.pdf(
                "/Annots [<< /Type /Annot /Subtype /FreeText /RC (<?xml version=\"1.0\"?><body xmlns=\"http://www.w3.org/1999/xhtml\"><p>Note</p></body>) >>] "), "x.pdf"));
        c.add(control("B5", "PDF URI ending in /wiki/JavaScript", DOCS, Samples.pdf(
                "/OpenAction << /S /URI /URI (https://en.wikipedia.org/wiki/JavaScript) >> "), "x.pdf"));
        c.add(control("B5", "PDF comment mentioning /JavaScript", DOCS, Samples.pdf("%  /JavaScript in a comment\n"), "x.pdf"));
        c.add(control("B5", "PDF string with escaped parentheses and /JS", DOCS, Samples.pdf("/Title (a \\) /JS (b\\( c) ) "), "x.pdf"));
        c.add(attack("B5", "PDF /JavaScript name after a string", Reason.ACTIVE_CONTENT, DOCS, Samples.pdf(
                "/Title (x) /OpenAction << /S /JavaScript /JS (app.alert(1)) >> "), "x.pdf"));
        c.add(attack("B5", "PDF markup outside strings", Reason.ACTIVE_CONTENT, DOCS, Samples.pdf("<body onload=alert(1)> "), "x.pdf"));
        // B6: SVG raster data: images
        String png64 = java.util.Base64.getEncoder().encodeToString(Samples.png());
        c.add(control("B6", "SVG <image href=data:image/png>", SVG, utf8("<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"data:image/png;base64,"
                + png64 + "\" width=\"2\" height=\"2\"/></svg>"), "x.svg"));
        c.add(attack("B6", "SVG <image href=data:image/svg+xml>", Reason.ACTIVE_CONTENT, SVG, utf8("<svg xmlns=\"http://www.w3.org/2000/svg\">"
                + "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/></svg>"), "x.svg"));
        c.add(attack("B6", "SVG <a href=data:image/png>", Reason.ACTIVE_CONTENT, SVG, utf8("<svg xmlns=\"http://www.w3.org/2000/svg\">"
                + "<a href=\"data:image/png;base64," + png64 + "\"><text>x</text></a></svg>"), "x.svg"));
        // B7: XML with a UTF-8 byte-order mark
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        c.add(control("B7", "XML with a UTF-8 BOM", XML, concat(bom, utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><r><a>1</a></r>")), "x.xml"));
        c.add(attack("B7", "XML with a UTF-8 BOM and a DOCTYPE", Reason.XML_DOCTYPE, XML, concat(bom,
                utf8("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>")), "x.xml"));
        // B8: ordinary punctuation in names; dangerous names still refused
        byte[] png = Samples.png();
        for (String n : List.of("Holiday%20photo.png", "a=b.png", "~draft.png", "Report~final.png", "Issue #12.png",
                "Price $5 {v2}.png", "x^2.png")) {
            c.add(control("B8", n, IMAGES, png, n));
        }
        for (String n : List.of("x.php#.png", "x.jsp%00.png", "..%2f..%2fx.png", "%2e%2e%2fx.png", "a%2fb.png", "x%0a.png",
                "SHELL~1.PNG", "CON.png")) {
            c.add(attack("B8", n, Reason.BAD_FILENAME, IMAGES, png, n));
        }
        return c.stream();
    }

    /** {@code n} seeded random bytes. */
    static byte[] noise(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void attackRefusedWithItsReasonAndControlAccepted(Case c) throws Exception {
        Verdict v = inspect(c.policy(), c.bytes(), c.name());
        if (c.expected() == null) {
            assertThat(v.reasons()).as(c + ": " + v).isEmpty();
        } else {
            assertThat(v.reasons()).as(c + ": " + v).contains(c.expected());
        }
    }

    @Test
    void everyFamilyHasAnAttackAndAControl() {
        Set<String> attacks = new TreeSet<>();
        Set<String> controls = new TreeSet<>();
        cases().forEach(c -> (c.expected() == null ? controls : attacks).add(c.family()));
        assertThat(attacks).isEqualTo(controls);
        assertThat(attacks).contains("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8");
    }

    @Test
    void xlsEmbeddingAWordDocumentIsDetectedAsExcel() throws Exception {
        byte[] xlsWithDoc = DocumentSamples.xls(0, false, map("MBD0001/", new byte[0], "MBD0001/WordDocument",
                new byte[64], "MBD0001/1Table", new byte[16]));
        Verdict v = inspect(LEGACY.toBuilder().dangerouslyAllowEmbeddedObjects(true).build(), xlsWithDoc, "x.xls");
        assertThat(v.detectedType()).isEqualTo("application/vnd.ms-excel");
    }

    @Test
    void webmIsDetectedFromItsDocType() {
        assertThat(Inspection.ebmlDocType(DocumentSamples.ebml("webm"))).isEqualTo("webm");
        assertThat(Inspection.ebmlDocType(DocumentSamples.ebml("matroska"))).isEqualTo("matroska");
    }

    @Test
    void schemaLocationsAreLocalOnlyWithoutSchemeOrHost() {
        for (String local : List.of("local.xsd", "schemas/a.xsd", "../a.xsd")) {
            assertThat(ZipInspector.SchemaScan.local(local)).as(local).isTrue();
        }
        for (String remote : List.of("http://x/a.xsd", "https://x/a.xsd", "//x/a.xsd", "\\\\host\\a.xsd", "file:///etc/a.xsd",
                "ftp://x/a.xsd", "C:\\a.xsd")) {
            assertThat(ZipInspector.SchemaScan.local(remote)).as(remote).isFalse();
        }
    }
}
