package io.portcullis.benchmarks;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import java.io.CharArrayWriter;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.tomcat.util.http.Rfc6265CookieProcessor;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;

/**
 * A request and response that are made once and recycled after each exchange, as Tomcat and
 * Jetty recycle theirs per connection: headers and attributes live in small arrays, names are
 * compared ignoring case without allocating, the writer is reused, a {@link Cookie} is serialised
 * by Tomcat's own {@code Rfc6265CookieProcessor} as Tomcat's response does. With Spring's mocks every
 * {@code getHeader}/{@code containsHeader} lower-cases its name and every header costs a map
 * entry and a holder; here what a filter allocates is (nearly) all its own.
 */
final class RecycledExchange {

    private RecycledExchange() {
    }

    /** A secure GET with a Host header; attributes in arrays. */
    static final class Request extends MockHttpServletRequest {
        private final String[] headerNames;
        private final String[] headerValues;
        private final String[] attributeNames = new String[16];
        private final Object[] attributeValues = new Object[16];
        private int attributes;

        Request(MockServletContext context, String uri, String... headers) {
            super(context, "GET", uri);
            setSecure(true);
            setScheme("https");
            setServerName("localhost");
            setServerPort(443);
            headerNames = new String[headers.length / 2];
            headerValues = new String[headers.length / 2];
            for (int i = 0; i < headers.length; i += 2) {
                headerNames[i / 2] = headers[i];
                headerValues[i / 2] = headers[i + 1];
            }
        }

        void recycle() {
            for (int i = 0; i < attributes; i++) {
                attributeNames[i] = null;
                attributeValues[i] = null;
            }
            attributes = 0;
        }

        @Override
        public String getHeader(String name) {
            for (int i = 0; i < headerNames.length; i++) {
                if (headerNames[i].equalsIgnoreCase(name)) {
                    return headerValues[i];
                }
            }
            return null;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String v = getHeader(name);
            return v == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(v));
        }

        @Override
        public Object getAttribute(String name) {
            for (int i = 0; i < attributes; i++) {
                if (attributeNames[i].equals(name)) {
                    return attributeValues[i];
                }
            }
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                removeAttribute(name);
                return;
            }
            for (int i = 0; i < attributes; i++) {
                if (attributeNames[i].equals(name)) {
                    attributeValues[i] = value;
                    return;
                }
            }
            attributeNames[attributes] = name;
            attributeValues[attributes++] = value;
        }

        @Override
        public void removeAttribute(String name) {
            for (int i = 0; i < attributes; i++) {
                if (attributeNames[i].equals(name)) {
                    attributes--;
                    attributeNames[i] = attributeNames[attributes];
                    attributeValues[i] = attributeValues[attributes];
                    attributeNames[attributes] = null;
                    attributeValues[attributes] = null;
                    return;
                }
            }
        }
    }

    /** Headers in arrays, a reused writer, Set-Cookie kept as the text it is. */
    static final class Response extends MockHttpServletResponse {
        private static final Rfc6265CookieProcessor COOKIES = new Rfc6265CookieProcessor();
        private final String[] names = new String[32];
        private final String[] values = new String[32];
        private int count;
        private final CharArrayWriter body = new CharArrayWriter(256);
        private final PrintWriter writer = new PrintWriter(body);
        private String contentType;

        void recycle() {
            for (int i = 0; i < count; i++) {
                names[i] = null;
                values[i] = null;
            }
            count = 0;
            body.reset();
            contentType = null;
        }

        private int find(String name) {
            for (int i = 0; i < count; i++) {
                if (names[i].equalsIgnoreCase(name)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public boolean containsHeader(String name) {
            return find(name) >= 0;
        }

        @Override
        public void setHeader(String name, String value) {
            int i = find(name);
            if (value == null) {
                while (i >= 0) {
                    count--;
                    names[i] = names[count];
                    values[i] = values[count];
                    names[count] = null;
                    values[count] = null;
                    i = find(name);
                }
                return;
            }
            if (i >= 0) {
                values[i] = value;
            } else {
                addHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            names[count] = name;
            values[count++] = value;
        }

        @Override
        public String getHeader(String name) {
            int i = find(name);
            return i < 0 ? null : values[i];
        }

        @Override
        public List<String> getHeaders(String name) {
            List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (names[i].equalsIgnoreCase(name)) {
                    out.add(values[i]);
                }
            }
            return out;
        }

        @Override
        public Collection<String> getHeaderNames() {
            Collection<String> out = new LinkedHashSet<>();
            for (int i = 0; i < count; i++) {
                out.add(names[i]);
            }
            return out;
        }

        @Override
        public void addCookie(Cookie cookie) {
            // as Tomcat's Response.addCookie: its RFC 6265 processor serialises the cookie into one header line
            addHeader("Set-Cookie", COOKIES.generateHeader(cookie, null));
        }

        @Override
        public void setContentType(String type) {
            contentType = type;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getCharacterEncoding() {
            return "UTF-8";
        }

        @Override
        public PrintWriter getWriter() {
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        @Override
        public String getContentAsString() {
            writer.flush();
            return body.toString();
        }
    }
}
