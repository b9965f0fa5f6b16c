package io.portcullis.upload;

/** Which structural checks apply to a detected type. */
enum Family {
    JPEG, PNG, GIF, WEBP, BMP, TIFF, HEIF, PSD, SVG, PDF, TEXT, CSV, JSON, XML, RTF, OOXML, ODF, EPUB, OLE2, ZIP, MEDIA, OTHER
}
