package io.portcullis.checkup.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A page as an HTML5 tree builder sees it (jsoup, the WHATWG parsing algorithm): comments, text
 * in {@code <textarea>}, {@code <title>} or {@code <script>} bodies and attribute values never
 * count as markup. Two readings are offered because they differ:
 * <ul>
 *   <li>the Observatory's ({@code jsdom}, scripting disabled): every {@code <script>} and
 *       {@code <meta>} element, wherever it sits, except inside {@code <template>} contents;</li>
 *   <li>a browser's: a {@code <meta http-equiv=content-security-policy>} counts only as a child
 *       of {@code <head>} (HTML §4.2.5.3), and nothing inside {@code <noscript>} or
 *       {@code <template>} loads.</li>
 * </ul>
 */
final class HtmlPage {

    /** One {@code <script src>} as written. */
    record Script(String src, String integrity, boolean inHead) {
    }

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Document doc;

    private HtmlPage(Document doc) {
        this.doc = doc;
    }

    static HtmlPage parse(String html) {
        return new HtmlPage(Jsoup.parse(html == null ? "" : html));
    }

    /** Every {@code <script>} element the Observatory counts (scripts with and without src). */
    List<Element> observatoryScripts() {
        return doc.select("script").stream().filter(e -> !inside(e, "template")).toList();
    }

    /**
     * The script's {@code src} as jsdom's {@code script.src} gives it for a document at
     * {@code about:blank}: an absolute URL normalised (scheme and host lower case), anything
     * relative exactly as written; empty when there is no src.
     */
    static String reflectedSrc(Element script) {
        if (!script.hasAttr("src")) {
            return "";
        }
        String raw = script.attr("src");
        String trimmed = raw.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "").replaceAll("[\\t\\n\\r]", "");
        if (!SCHEME.matcher(trimmed).find()) {
            return raw;
        }
        int colon = trimmed.indexOf(':');
        String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = trimmed.substring(colon + 1).replace('\\', '/');
        if (scheme.equals("http") || scheme.equals("https")) {
            String afterSlashes = rest.replaceFirst("^/*", "");
            int end = afterSlashes.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = afterSlashes.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            String authority = afterSlashes.substring(0, end);
            String host = authority.contains("@") ? authority.substring(authority.lastIndexOf('@') + 1) : authority;
            String tail = afterSlashes.substring(end);
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (tail.isEmpty() ? "/" : tail);
        }
        return scheme + ":" + rest;
    }

    /** {@code <script src>} elements a browser would load, with their integrity attribute. */
    List<Script> loadedScripts() {
        List<Script> out = new ArrayList<>();
        for (Element e : doc.select("script[src]")) {
            if (inside(e, "template") || inside(e, "noscript") || e.attr("src").isBlank()) {
                continue;
            }
            out.add(new Script(e.attr("src").trim(), e.hasAttr("integrity") ? e.attr("integrity") : null,
                    inside(e, "head")));
        }
        return out;
    }

    /**
     * The Observatory's {@code parseHttpEquivHeaders}: CSP from {@code <meta http-equiv content>}
     * (any position), in document order.
     */
    List<String> observatoryMetaCsp() {
        List<String> out = new ArrayList<>();
        for (Element m : metas()) {
            if (m.hasAttr("http-equiv") && m.hasAttr("content")) {
                String equiv = m.attr("http-equiv").toLowerCase(Locale.ROOT).trim();
                if (!m.attr("content").isEmpty() && equiv.equals("content-security-policy")) {
                    out.add(m.attr("content"));
                }
            }
        }
        return out;
    }

    /** The Observatory's {@code <meta name=referrer>}: the last one with a content wins. */
    Optional<String> observatoryMetaReferrer() {
        String last = null;
        for (Element m : metas()) {
            if (m.hasAttr("http-equiv") && m.hasAttr("content")) {
                continue;
            }
            if (m.attr("name").toLowerCase(Locale.ROOT).trim().equals("referrer") && !m.attr("content").isEmpty()) {
                last = m.attr("content");
            }
        }
        return Optional.ofNullable(last);
    }

    /** CSP meta elements a browser enforces: children of {@code <head>} only. */
    List<String> browserMetaCsp() {
        List<String> out = new ArrayList<>();
        for (Element m : doc.select("head > meta[http-equiv][content]")) {
            if (m.attr("http-equiv").trim().equalsIgnoreCase("content-security-policy")) {
                out.add(m.attr("content"));
            }
        }
        return out;
    }

    /** CSP meta elements a browser ignores because they are not children of {@code <head>}. */
    List<String> ignoredMetaCsp() {
        List<String> out = new ArrayList<>();
        for (Element m : metas()) {
            if (m.attr("http-equiv").trim().equalsIgnoreCase("content-security-policy") && m.hasAttr("content")
                    && (m.parent() == null || !m.parent().normalName().equals("head"))) {
                out.add(m.attr("content"));
            }
        }
        return out;
    }

    /** The referrer policy a browser takes from {@code <meta name=referrer>} (the last valid one). */
    Optional<String> browserMetaReferrer() {
        String last = null;
        for (Element m : doc.select("meta[name][content]")) {
            if (m.attr("name").trim().equalsIgnoreCase("referrer") && !inside(m, "template")
                    && !inside(m, "noscript")) {
                last = m.attr("content").trim();
            }
        }
        return Optional.ofNullable(last);
    }

    private List<Element> metas() {
        return doc.select("meta").stream().filter(e -> !inside(e, "template")).toList();
    }

    private static boolean inside(Element e, String tag) {
        for (Element p = e.parent(); p != null; p = p.parent()) {
            if (p.normalName().equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
