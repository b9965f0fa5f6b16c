package io.portcullis.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streaming (StAX, no DTD, no external entities) rules for XML and SVG. XML: no DOCTYPE, no
 * {@code xml-stylesheet}, no XHTML/SVG/XInclude elements (a browser renders them and runs their
 * script). SVG: no DOCTYPE, no {@code script}/{@code foreignObject}/frames, no {@code on*}
 * handlers, no references other than same-document {@code #fragments}, no animation of
 * {@code href}, no {@code url()}/{@code @import} in styles.
 */
final class XmlRules {

    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final String XINCLUDE = "http://www.w3.org/2001/XInclude";

    private XmlRules() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory xif = XMLInputFactory.newFactory();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xif.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        xif.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        xif.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return xif;
    }

    static void check(boolean svg, FileChannel ch, Budget budget, Findings f) throws IOException {
        ch.position(0);
        InputStream in = new java.io.FilterInputStream(Channels.newInputStream(ch)) {
            @Override
            public void close() {
                // the caller owns the channel
            }
        };
        XMLStreamReader r = null;
        try {
            r = factory().createXMLStreamReader(in);
            boolean inStyle = false;
            long events = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if ((++events & 4095) == 0) {
                    budget.check();
                }
                switch (ev) {
                    case XMLStreamConstants.DTD -> f.add(Reason.XML_DOCTYPE, "the XML has a DOCTYPE (entities, XXE)");
                    case XMLStreamConstants.ENTITY_REFERENCE -> f.add(Reason.XML_DOCTYPE,
                            "the XML references the entity &" + r.getLocalName() + ";");
                    case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                        if ("xml-stylesheet".equalsIgnoreCase(r.getPITarget())) {
                            f.add(svg ? Reason.EXTERNAL_REFERENCE : Reason.ACTIVE_CONTENT,
                                    "the XML loads a stylesheet (xml-stylesheet)");
                        }
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        inStyle = element(svg, r, f);
                    }
                    case XMLStreamConstants.END_ELEMENT -> inStyle = false;
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (inStyle) {
                            style(r.getText(), f);
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            if (!f.has(Reason.XML_DOCTYPE)) {
                f.add(Reason.MALFORMED, "the XML is not well formed" + (e.getLocation() == null ? ""
                        : " (line " + e.getLocation().getLineNumber() + ")"));
            }
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "XML " + e.getMessage());
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the channel, which the caller closes
                }
            }
        }
    }

    /** Checks one start element; returns whether its text is CSS. */
    private static boolean element(boolean svg, XMLStreamReader r, Findings f) {
        String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
        String name = r.getLocalName().toLowerCase(Locale.ROOT);
        if (ns.equals(XHTML)) {
            f.add(Reason.ACTIVE_CONTENT, "the XML contains an XHTML element <" + name + ">");
        }
        if (ns.equals(XINCLUDE)) {
            f.add(Reason.EXTERNAL_REFERENCE, "the XML uses XInclude");
        }
        if (!svg) {
            if (ns.equals(SVG)) {
                f.add(Reason.ACTIVE_CONTENT, "the XML contains an SVG element <" + name + ">");
            }
            return false;
        }
        switch (name) {
            case "script", "foreignobject", "iframe", "embed", "object", "handler", "listener" -> f.add(
                    Reason.ACTIVE_CONTENT, "the SVG contains <" + r.getLocalName() + ">");
            case "animate", "set", "animatemotion", "animatetransform" -> {
                String target = attr(r, "attributeName");
                if (target != null && target.toLowerCase(Locale.ROOT).contains("href")) {
                    f.add(Reason.ACTIVE_CONTENT, "the SVG animates a link target");
                }
                for (String a : new String[] {"values", "to", "from", "by"}) {
                    String v = attr(r, a);
                    if (v != null && scheme(v)) {
                        f.add(Reason.ACTIVE_CONTENT, "the SVG animation sets a script URL");
                    }
                }
            }
            default -> {
            }
        }
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String an = r.getAttributeLocalName(i).toLowerCase(Locale.ROOT);
            String v = r.getAttributeValue(i).strip();
            if (an.startsWith("on")) {
                f.add(Reason.ACTIVE_CONTENT, "the SVG has the event handler " + an);
            } else if (an.equals("href") || an.equals("src")) {
                if (name.equals("image") && rasterDataUri(v)) {
                    continue;
                }
                if (scheme(v)) {
                    f.add(Reason.ACTIVE_CONTENT, "the SVG links to a script URL");
                } else if (!v.startsWith("#")) {
                    f.add(Reason.EXTERNAL_REFERENCE, "the SVG references " + ZipInspector.printable(v));
                }
            } else if (an.equals("style")) {
                style(v, f);
            } else if (v.toLowerCase(Locale.ROOT).contains("url(") && !v.replace(" ", "").startsWith("url(#")) {
                f.add(Reason.EXTERNAL_REFERENCE, "the SVG attribute " + an + " loads a URL");
            }
        }
        return name.equals("style");
    }

    /**
     * A {@code data:} URI of a raster image (PNG, JPEG, GIF, WebP) on an SVG {@code <image>}: an
     * inline bitmap, which browsers render without script. SVG or HTML data URIs stay refused.
     */
    static boolean rasterDataUri(String v) {
        String s = v.toLowerCase(Locale.ROOT).replaceAll("[\\s\\x00-\\x1f]", "");
        for (String t : new String[] {"data:image/png;", "data:image/png,", "data:image/jpeg;", "data:image/jpeg,",
            "data:image/jpg;", "data:image/gif;", "data:image/gif,", "data:image/webp;", "data:image/webp,"}) {
            if (s.startsWith(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean scheme(String v) {
        String s = v.toLowerCase(Locale.ROOT).replaceAll("[\\s\\x00-\\x1f]", "");
        return s.startsWith("javascript:") || s.startsWith("data:") || s.startsWith("vbscript:");
    }

    private static void style(String css, Findings f) {
        String s = css.toLowerCase(Locale.ROOT).replaceAll("\\s", "");
        int i = s.indexOf("url(");
        while (i >= 0) {
            String rest = s.substring(i + 4);
            if (!(rest.startsWith("#") || rest.startsWith("'#") || rest.startsWith("\"#"))) {
                f.add(Reason.EXTERNAL_REFERENCE, "the SVG style loads a URL");
                break;
            }
            i = s.indexOf("url(", i + 4);
        }
        if (s.contains("@import") || s.contains("expression(") || s.contains("javascript:")) {
            f.add(Reason.ACTIVE_CONTENT, "the SVG style imports or scripts");
        }
    }

    private static String attr(XMLStreamReader r, String local) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributeLocalName(i).equalsIgnoreCase(local)) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }
}
