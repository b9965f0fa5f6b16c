package io.portcullis.demo;

/** HTML escaping and the page layout. Every inline style or script carries the CSP nonce. */
final class Html {

    /** The site's name, the suffix of every page title. */
    static final String SITE = "Portcullis demo";
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private Html() {
    }

    /** An instant as people read it, to the second, in UTC (escaped). */
    static String time(java.time.Instant t) {
        return esc(TIME.format(t));
    }

    static String time(long epochMillis) {
        return time(java.time.Instant.ofEpochMilli(epochMillis));
    }

    /** Escapes text for element content and double- or single-quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The CSRF filter's hidden field for a form ({@code <input type="hidden" name="csrf" value="…">}). */
    static String csrfField(Exchange x) {
        io.portcullis.csrf.CsrfToken t = x.csrf();
        if (t == null) {
            throw new IllegalStateException("no CSRF token on this request: the CSRF filter must run before a form");
        }
        return t.hiddenField();
    }

    private static final String STYLE = """
            body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
            nav{display:flex;gap:1rem;flex-wrap:wrap;border-bottom:1px solid #ccc;padding-bottom:.5rem;margin-bottom:1rem}
            nav form{display:inline;margin:0}
            nav button{font:inherit;border:0;background:none;color:#0645ad;padding:0;cursor:pointer}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
            .ok{color:#05660d}.bad{color:#a00}.warn{background:#fff3cd;padding:.5rem}
            code{background:#f3f3f3;padding:0 .2rem;word-break:break-all}
            label{display:block;margin:.5rem 0}""";

    /** A complete page. */
    static String page(Exchange x, String title, String body) {
        String nonce = esc(x.nonce());
        String user = x.user();
        StringBuilder nav = new StringBuilder("<nav><a href=\"/\">Home</a>");
        if (user == null) {
            nav.append("<a href=\"/signup\">Sign up</a><a href=\"/login\">Log in</a>");
        } else if (x.csrf() == null) { // an answer made before the CSRF filter ran: no form without a token
            nav.append("<a href=\"/account\">Account</a><a href=\"/upload\">Upload</a><a href=\"/files\">My files</a>");
        } else {
            nav.append("<a href=\"/account\">Account</a><a href=\"/upload\">Upload</a><a href=\"/files\">My files</a>")
                    .append("<a href=\"/security\">Security report</a>")
                    .append("<form method=\"post\" action=\"/logout\">").append(csrfField(x))
                    .append("<button type=\"submit\">Log out ").append(esc(user)).append("</button></form>");
        }
        nav.append("</nav>");
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + esc(title.equals(SITE) ? SITE : title + " · " + SITE) + "</title>"
                + "<style nonce=\"" + nonce + "\">" + STYLE + "</style></head><body>"
                + nav + "<main><h1>" + esc(title) + "</h1>" + body + "</main></body></html>";
    }
}
