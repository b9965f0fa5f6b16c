package io.portcullis.upload;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The built-in extension → exact detected types matrix. Only these extensions can be allowed;
 * executables and scriptable markup (html, js, php, jsp, exe, class, jar, bat, swf…) are
 * deliberately absent so no configuration can accept them.
 */
final class Catalogue {

    record Row(String extension, Family family, Set<String> types) {
    }

    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    static final String ODT = "application/vnd.oasis.opendocument.text";
    static final String ODS = "application/vnd.oasis.opendocument.spreadsheet";
    static final String ODP = "application/vnd.oasis.opendocument.presentation";
    static final String ODG = "application/vnd.oasis.opendocument.graphics";

    /** Extensions that need {@code dangerously-allow-svg}. */
    static final Set<String> SVG = Set.of("svg");
    /** Extensions that need {@code allow-legacy-office}. */
    static final Set<String> LEGACY_OFFICE = Set.of("doc", "xls", "ppt");

    private static final Map<String, Row> ROWS = new LinkedHashMap<>();

    static {
        row(Family.JPEG, "image/jpeg", "jpg", "jpeg", "jpe");
        row(Family.PNG, "image/png", "png");
        row(Family.GIF, "image/gif", "gif");
        row(Family.WEBP, "image/webp", "webp");
        row(Family.BMP, "image/bmp", "bmp");
        row(Family.TIFF, "image/tiff", "tif", "tiff");
        row(Family.HEIF, "image/heic", "heic");
        row(Family.HEIF, "image/heif", "heif");
        row(Family.HEIF, "image/avif", "avif");
        row(Family.PSD, "image/vnd.adobe.photoshop", "psd");
        row(Family.SVG, "image/svg+xml", "svg");
        row(Family.PDF, "application/pdf", "pdf");
        row(Family.TEXT, "text/plain", "txt", "text", "log", "md");
        ROWS.put("csv", new Row("csv", Family.CSV, Set.of("text/plain", "text/csv")));
        ROWS.put("json", new Row("json", Family.JSON, Set.of("text/plain", "application/json")));
        // SpreadsheetML 2003 (Excel's XML workbook) is plain XML to every rule here.
        ROWS.put("xml", new Row("xml", Family.XML, Set.of("application/xml", "application/vnd.ms-spreadsheetml")));
        row(Family.RTF, "application/rtf", "rtf");
        row(Family.OOXML, DOCX, "docx");
        row(Family.OOXML, XLSX, "xlsx");
        row(Family.OOXML, PPTX, "pptx");
        row(Family.ODF, ODT, "odt");
        row(Family.ODF, ODS, "ods");
        row(Family.ODF, ODP, "odp");
        row(Family.ODF, ODG, "odg");
        row(Family.EPUB, "application/epub+zip", "epub");
        row(Family.OLE2, "application/msword", "doc");
        // Excel 2.x-4.0 single-sheet files (BIFF2-4, not OLE2) are .xls too; their BOF is checked for macro sheets.
        ROWS.put("xls", new Row("xls", Family.OLE2, Set.of("application/vnd.ms-excel", "application/vnd.ms-excel.sheet.2",
                "application/vnd.ms-excel.sheet.3", "application/vnd.ms-excel.sheet.4")));
        row(Family.OLE2, "application/vnd.ms-powerpoint", "ppt");
        row(Family.ZIP, "application/zip", "zip");
        row(Family.MEDIA, "audio/mpeg", "mp3");
        row(Family.MEDIA, "audio/mp4", "m4a");
        row(Family.MEDIA, "audio/vnd.wave", "wav");
        row(Family.MEDIA, "audio/x-flac", "flac");
        ROWS.put("ogg", new Row("ogg", Family.MEDIA, Set.of("audio/vorbis", "audio/ogg", "audio/opus")));
        // ISO BMFF: Tika names many real .mp4 files video/quicktime (brand isom/qt); same container.
        ROWS.put("mp4", new Row("mp4", Family.MEDIA, Set.of("video/mp4", "video/quicktime")));
        row(Family.MEDIA, "video/quicktime", "mov");
        row(Family.MEDIA, "video/webm", "webm");
    }

    private Catalogue() {
    }

    private static void row(Family family, String type, String... extensions) {
        for (String e : extensions) {
            ROWS.put(e, new Row(e, family, Set.of(type)));
        }
    }

    static Row row(String extension) {
        return ROWS.get(extension.toLowerCase(Locale.ROOT));
    }

    static Set<String> extensions() {
        return ROWS.keySet();
    }

    /** The family whose checks apply to a detected type. */
    static Family familyOf(String type) {
        for (Row r : ROWS.values()) {
            if (r.types().contains(type) && !type.equals("text/plain")) {
                return r.family();
            }
        }
        if (type.equals("text/plain")) {
            return Family.TEXT;
        }
        if (type.startsWith("application/vnd.openxmlformats") || type.startsWith("application/vnd.ms-word")
                || type.startsWith("application/vnd.ms-excel.") || type.startsWith("application/vnd.ms-powerpoint.")
                || type.equals("application/x-tika-ooxml")) {
            return Family.OOXML;
        }
        if (type.startsWith("application/vnd.oasis.opendocument")) {
            return Family.ODF;
        }
        return Family.OTHER;
    }
}
