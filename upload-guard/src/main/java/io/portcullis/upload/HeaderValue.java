package io.portcullis.upload;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One strict reading of a header value with parameters, {@code value *(OWS ";" OWS name "=" value)}
 * (RFC 9110 §5.6.6), for the two headers a multipart upload is decided by: the request's
 * {@code Content-Type} and each part's {@code Content-Disposition}.
 *
 * <p>Parsers in the wild disagree on everything outside that grammar — whitespace around
 * {@code =} (Spring keeps it in the name), stray quotes (Spring re-tokenises on them), commas
 * (Tomcat splits on them), backslash escapes, repeated names (first or last wins) — so every such
 * form is refused rather than read one way: a value one reader takes for a plain field and another
 * for a file named {@code evil.php} must never reach an application.
 *
 * @param value      the part before the first {@code ;}, lower case
 * @param parameters parameter names (lower case) to values, in the order sent; names are unique
 * @param otherCase  the parameter names (lower case) the client did not send in lower case
 */
record HeaderValue(String value, Map<String, String> parameters, Set<String> otherCase) {

    HeaderValue {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        otherCase = Set.copyOf(otherCase);
    }

    /** Parses {@code header}; {@code what} names it in messages. */
    static HeaderValue parse(String header, String what) throws MultipartReader.Failure {
        Cursor c = new Cursor(header, what);
        String value = c.until(';').strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw c.ambiguous("has no value before its parameters");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (!isTchar(ch) && ch != '/') {
                throw c.ambiguous("has a value that is not a token");
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Set<String> otherCase = new HashSet<>();
        while (!c.atEnd()) {
            c.expect(';');
            c.skipOws();
            String name = c.token();
            if (name.isEmpty()) {
                throw c.ambiguous("has an empty parameter or a parameter name that is not a token");
            }
            if (c.atEnd() || c.peek() != '=') {
                throw c.ambiguous("has parameter " + name + " without \"=\" directly after its name");
            }
            c.pos++;
            String v = !c.atEnd() && c.peek() == '"' ? c.quoted() : c.token();
            if (v.isEmpty() && c.s.charAt(c.pos - 1) != '"') {
                throw c.ambiguous("has parameter " + name + " whose value is neither a token nor a quoted string");
            }
            c.skipOws();
            if (!c.atEnd() && c.peek() != ';') {
                throw c.ambiguous("has text after the value of parameter " + name);
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (parameters.putIfAbsent(key, v) != null) {
                // The parameters that say what a part is keep their historical, more specific code.
                Reason reason = key.equals("name") || key.equals("filename") ? Reason.FILENAME_AMBIGUOUS
                        : Reason.MULTIPART_AMBIGUOUS;
                throw new MultipartReader.Failure(reason, what + " has two " + key + " parameters");
            }
            if (!name.equals(key)) {
                otherCase.add(key);
            }
        }
        return new HeaderValue(value, parameters, otherCase);
    }

    /** The value of parameter {@code name} (lower case), or null. */
    String parameter(String name) {
        return parameters.get(name);
    }

    /** RFC 9110 §5.6.2 tchar. */
    static boolean isTchar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static final class Cursor {
        private final String s;
        private final String what;
        private int pos;

        Cursor(String s, String what) {
            this.s = s;
            this.what = what;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        String until(char stop) throws MultipartReader.Failure {
            int end = s.indexOf(stop, pos);
            end = end < 0 ? s.length() : end;
            String v = s.substring(pos, end);
            if (v.indexOf('"') >= 0) {
                throw ambiguous("has a quote before its parameters");
            }
            pos = end;
            return v;
        }

        void expect(char ch) throws MultipartReader.Failure {
            if (atEnd() || peek() != ch) {
                throw ambiguous("has parameters not separated by \";\"");
            }
            pos++;
        }

        void skipOws() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (!atEnd() && isTchar(peek())) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** A quoted-string without quoted-pairs (frameworks unescape them differently) or control characters. */
        String quoted() throws MultipartReader.Failure {
            int start = ++pos;
            while (!atEnd()) {
                char ch = peek();
                if (ch == '"') {
                    return s.substring(start, pos++);
                }
                if (ch == '\\') {
                    throw new MultipartReader.Failure(Reason.FILENAME_AMBIGUOUS, what
                            + " uses a backslash inside a quoted value (containers unescape it differently)");
                }
                if (ch < ' ' && ch != '\t' || ch == 0x7f) {
                    throw ambiguous("has a control character inside a quoted value");
                }
                pos++;
            }
            throw ambiguous("has a quoted value that is not closed");
        }

        MultipartReader.Failure ambiguous(String problem) {
            return new MultipartReader.Failure(Reason.MULTIPART_AMBIGUOUS, what + " " + problem + " (at character "
                    + Math.min(pos, s.length()) + ")");
        }
    }
}
