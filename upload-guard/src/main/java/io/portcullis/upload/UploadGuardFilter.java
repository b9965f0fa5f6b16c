package io.portcullis.upload;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Problem;
import io.portcullis.core.Settings;
import io.portcullis.core.StartupFailure;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;

/**
 * Guards {@code multipart/form-data} requests (POST, PUT, PATCH) on the configured paths.
 *
 * <p>The filter parses the multipart body itself, from {@code request.getInputStream()}, before
 * the container ever does: that is the only way to enforce limits while the body streams on
 * both Jetty and Tomcat (their own multipart parsers buffer whole parts and read filenames with
 * RFC 2047/2231 decoding the application cannot see). It answers
 * <ul>
 *   <li><b>413</b> when {@code Content-Length} exceeds {@code max-request-size} (before reading a
 *       byte), when the streamed body (chunked or not) passes it, for too many parts, a part
 *       header block over {@code max-part-header-size}, a field over {@code max-field-size}, a
 *       file over {@code max-file-size}, and container/pixel limits;</li>
 *   <li><b>415</b> when a file is refused for its content or extension;</li>
 *   <li><b>400</b> for malformed multipart, ambiguous {@code Content-Disposition} and bad
 *       filenames;</li>
 * </ul>
 * each as {@code application/problem+json} with the stable reason {@code code} and a
 * {@code reasons} list, and {@code Connection: close} so the container does not drain the rest.
 * Otherwise the application sees a request whose {@code getParts()} returns the accepted
 * {@link UploadedFile}s and the form fields, whose parameters include the fields, and whose
 * {@link #FILES} / {@link #VERDICTS} attributes hold the results. Temporary files are deleted
 * when the request ends (unless {@link UploadStore#save(UploadedFile)} moved them), on rejection
 * and on client abort.
 *
 * <p>Configured by {@code portcullis.upload.*} init-params, properties or system properties
 * (see {@link UploadPolicy}), or by the {@link #UploadGuardFilter(UploadPolicy)} constructor.
 */
public final class UploadGuardFilter implements Filter {

    /** Request attribute: {@code List<Verdict>} of every file part, in order. */
    public static final String VERDICTS = "io.portcullis.upload.verdicts";
    /** Request attribute: {@code List<UploadedFile>} of every accepted file part, in order. */
    public static final String FILES = "io.portcullis.upload.files";

    /** Request attribute: the parts this filter read, so a later dispatch of the request keeps them. */
    private static final String PARSED = "io.portcullis.upload.parsed";

    private static final System.Logger LOG = System.getLogger(UploadGuardFilter.class.getName());

    /** Line ends after the closing boundary that real clients send; more is refused. */
    private static final int MAX_EPILOGUE = 256;

    private UploadGuard guard;

    /** For web.xml: configured in {@link #init(FilterConfig)}. */
    public UploadGuardFilter() {
    }

    public UploadGuardFilter(UploadPolicy policy) {
        this(new UploadGuard(policy));
    }

    public UploadGuardFilter(UploadGuard guard) {
        this.guard = guard;
    }

    /**
     * Reads the policy from init-params, the properties file and {@code -D} (unless given in
     * code). A configuration error is logged as one line ({@code Portcullis UploadGuardFilter not
     * started: …}, where the container's own report may be elsewhere) and thrown.
     */
    @Override
    public void init(FilterConfig config) {
        if (guard == null) {
            try {
                guard = new UploadGuard(UploadPolicy.from(Settings.from(config)));
            } catch (ConfigException e) {
                throw StartupFailure.report(LOG, config.getServletContext(), "UploadGuardFilter", e);
            }
        }
    }

    /** The guard in use. */
    public UploadGuard guard() {
        return guard;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        ServletRequest in = req;
        Parsed earlier = null;
        if (req.getAttribute(PARSED) instanceof Parsed done && req instanceof HttpServletRequest request) {
            // A forward, include, error or async dispatch of a request a guard already read: the body is gone,
            // so the application keeps the checked view, never the consumed body.
            HttpServletRequest view = isGuarded(request) ? request : new GuardedRequest(request, res, done);
            if (done.by() == guard) {
                chain.doFilter(view, res);
                return;
            }
            in = view; // read by another guard (another policy): its checked parts are inspected again here
            earlier = done;
        }
        if (!(in instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || !isMultipart(request) || !onGuardedPath(request)) {
            chain.doFilter(in, res);
            return;
        }
        UploadPolicy policy = guard.policy();
        String boundary;
        try {
            boundary = MultipartReader.boundary(mediaType(request, policy));
        } catch (MultipartReader.Failure f) {
            reject(response, f.reason, f.getMessage(), null);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > policy.maxRequestSize()) {
            reject(response, Reason.REQUEST_TOO_LARGE, "the request body is " + declared + " bytes; the limit is "
                    + policy.maxRequestSize(), null);
            return;
        }
        List<Path> temps = new ArrayList<>();
        boolean deferred = false;
        try {
            Parsed parsed;
            try {
                parsed = parse(request, boundary, policy, temps);
            } catch (MultipartReader.Failure f) {
                reject(response, f.reason, f.getMessage(), null);
                return;
            } catch (Rejected r) {
                reject(response, r.verdict.reasons().get(0), r.verdict.message(), r.verdict);
                return;
            } catch (TooLarge e) {
                reject(response, Reason.REQUEST_TOO_LARGE, e.getMessage(), null);
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "upload aborted: {0}", e.toString());
                reject(response, Reason.MULTIPART_MALFORMED, "the upload was interrupted", null);
                return;
            }
            try {
                chain.doFilter(new GuardedRequest(request, response, parsed), response);
            } finally {
                if (earlier != null) { // the other guard's view again, once this one's dispatch returns
                    request.setAttribute(PARSED, earlier);
                    request.setAttribute(FILES, earlier.files());
                    request.setAttribute(VERDICTS, earlier.verdicts());
                }
            }
            deferred = request.isAsyncStarted() && deleteWhenAsyncEnds(request, temps);
        } finally {
            if (!deferred) {
                delete(temps);
            }
        }
    }

    /**
     * The request's character encoding (a {@code charset} the client declared, or the container's configured
     * default) when it is not UTF-8, else null: Tomcat and commons-fileupload decode part headers with it, Jetty
     * and this filter as UTF-8, so a non-ASCII name would be read two ways.
     */
    private static String otherThanUtf8(String encoding) {
        if (encoding == null) {
            return null;
        }
        try {
            return java.nio.charset.Charset.forName(encoding.strip()).equals(StandardCharsets.UTF_8) ? null : encoding;
        } catch (IllegalArgumentException e) {
            return encoding;
        }
    }

    /** True when {@code request} is, or wraps, this filter's view of a request. */
    private static boolean isGuarded(ServletRequest request) {
        return request instanceof GuardedRequest
                || request instanceof jakarta.servlet.ServletRequestWrapper w && w.isWrapperFor(GuardedRequest.class);
    }

    /**
     * The application went asynchronous (a servlet's {@code startAsync}, a Spring {@code Callable} or
     * {@code DeferredResult}): it may read the files after this filter returns, so they are deleted when the
     * asynchronous cycle ends, as the container does with its own parts.
     */
    private static boolean deleteWhenAsyncEnds(HttpServletRequest request, List<Path> temps) {
        try {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    delete(temps);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    // onComplete follows
                }

                @Override
                public void onError(AsyncEvent event) {
                    // onComplete follows
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    event.getAsyncContext().addListener(this);
                }
            });
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void delete(List<Path> temps) {
        for (Path p : temps) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not delete upload temp file {0}: {1}", p, e);
            }
        }
    }

    /**
     * Whatever the method: Tomcat, Jetty, Spring and commons-fileupload parse a multipart body of
     * any request the application asks them to, and any {@code multipart/*} type, in any case.
     */
    private static boolean isMultipart(HttpServletRequest request) {
        List<String> headers = contentTypes(request);
        for (String ct : headers) {
            if (ct.strip().toLowerCase(Locale.ROOT).startsWith("multipart")) {
                return true;
            }
        }
        if (!headers.isEmpty()) {
            return false; // not getContentType(): Jetty's throws on a charset it does not know (a 500 here)
        }
        String ct = request.getContentType();
        return ct != null && ct.strip().toLowerCase(Locale.ROOT).startsWith("multipart");
    }

    /**
     * Matches the path prefixes against the path the container routes by (servlet path + path
     * info: %-decoded, dot segments resolved, {@code ;} parameters and repeated slashes removed)
     * and, as a second reading, against the request URI as sent: a request is guarded when either
     * matches, so no spelling of a guarded resource skips the check.
     */
    private boolean onGuardedPath(HttpServletRequest request) {
        List<String> paths = guard.policy().paths();
        if (paths.isEmpty()) {
            return true;
        }
        String context = request.getContextPath();
        if (matches(paths, context, request.getServletPath(), request.getPathInfo(), request.getRequestURI())) {
            return true;
        }
        // An include keeps the including request's paths; the resource it reaches is named in attributes.
        return request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) instanceof String uri
                && matches(paths, context, (String) request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH),
                        (String) request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO), uri);
    }

    private static boolean matches(List<String> paths, String context, String servletPath, String pathInfo,
            String uri) {
        String routed = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        String raw = uri == null ? "" : uri.substring(Math.min(uri.length(), context == null ? 0 : context.length()));
        for (String p : paths) {
            if (routed.startsWith(p) || raw.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> contentTypes(HttpServletRequest request) {
        java.util.Enumeration<String> values = request.getHeaders("Content-Type");
        return values == null ? List.of() : Collections.list(values);
    }

    /**
     * The request's one Content-Type, read once with the strict parameter grammar: {@code
     * multipart/form-data} or an allowed subtype.
     */
    private static HeaderValue mediaType(HttpServletRequest request, UploadPolicy policy) throws MultipartReader.Failure {
        List<String> all = contentTypes(request);
        if (all.size() > 1) {
            throw new MultipartReader.Failure(Reason.MULTIPART_AMBIGUOUS, "the request has " + all.size()
                    + " Content-Type headers");
        }
        String ct = all.isEmpty() ? request.getContentType() : all.get(0);
        HeaderValue mediaType = HeaderValue.parse(ct, "the request's Content-Type");
        String type = mediaType.value();
        String subtype = type.startsWith("multipart/") ? type.substring("multipart/".length()) : "";
        if (!subtype.equals("form-data") && !policy.multipartSubtypes().contains(subtype)) {
            throw new MultipartReader.Failure(Reason.MULTIPART_TYPE_REFUSED, "the request's type is " + type
                    + "; only multipart/form-data is accepted here (" + UploadPolicy.KEY_ALLOW_MULTIPART_SUBTYPES
                    + " allows others)");
        }
        return mediaType;
    }

    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Verdict verdict;

        Rejected(Verdict verdict) {
            super(verdict.message(), null, false, false);
            this.verdict = verdict;
        }
    }

    record Parsed(UploadGuard by, List<UploadedFile> files, List<Verdict> verdicts, Map<String, List<String>> fields,
                  List<Part> parts) {
    }

    private Parsed parse(HttpServletRequest request, String boundary, UploadPolicy policy, List<Path> temps)
            throws IOException, MultipartReader.Failure, Rejected {
        Capped body;
        try {
            body = new Capped(request.getInputStream(), policy.maxRequestSize());
        } catch (IllegalStateException e) {
            throw alreadyRead(request, "getReader() was called");
        }
        MultipartReader reader = new MultipartReader(body, boundary, otherThanUtf8(request.getCharacterEncoding()));
        try {
            reader.start();
        } catch (MultipartReader.Failure f) {
            // A client that sends less than its Content-Length makes the container's read fail, never end:
            // no byte at all behind a positive length means the body was consumed before this filter.
            if (body.count == 0 && request.getContentLengthLong() > 0) {
                throw alreadyRead(request, "getParameter() or getParts() made the container parse it");
            }
            throw f;
        }
        List<UploadedFile> files = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Set<String> fileNames = new HashSet<>();
        int count = 0;
        while (reader.next()) {
            if (++count > policy.maxParts()) {
                throw new MultipartReader.Failure(Reason.TOO_MANY_PARTS, "more than " + policy.maxParts()
                        + " parts in one request");
            }
            MultipartReader.Head head = reader.head(policy.maxPartHeaderSize());
            if (head.isFile() ? fields.containsKey(head.name()) : fileNames.contains(head.name())) {
                throw new MultipartReader.Failure(Reason.MULTIPART_AMBIGUOUS, "\"" + head.name()
                        + "\" is sent both as a file and as a form field");
            }
            if (!head.isFile()) {
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                reader.body(value, policy.maxFieldSize(), Reason.FIELD_TOO_LARGE);
                FieldType type = FieldType.of(head.contentType());
                String text = value.toString(type.charset());
                fields.computeIfAbsent(head.name(), k -> new ArrayList<>()).add(text);
                parts.add(new FieldPart(head.name(), type.contentType(), text));
                continue;
            }
            fileNames.add(head.name());
            Path tmp = guard.createTemp();
            temps.add(tmp);
            long size;
            java.security.MessageDigest md = UploadGuard.sha256();
            try (OutputStream out = new java.security.DigestOutputStream(Files.newOutputStream(tmp), md)) {
                size = reader.body(out, policy.maxFileSize(), Reason.TOO_LARGE);
            } catch (MultipartReader.Failure f) {
                if (f.reason == Reason.TOO_LARGE) {
                    throw new Rejected(guard.tooLarge(head.filename()));
                }
                throw f;
            }
            if (head.filename().isEmpty() && size == 0) {
                continue; // a file input left empty by the user: no file, as browsers mean it
            }
            Verdict v = guard.judge(tmp, head.filename(), size, java.util.HexFormat.of().formatHex(md.digest()));
            verdicts.add(v);
            if (!v.accepted()) {
                throw new Rejected(v);
            }
            UploadedFile file = new UploadedFile(head.name(), tmp, v, head.contentType());
            files.add(file);
            parts.add(file);
        }
        reader.finish(MAX_EPILOGUE);
        return new Parsed(guard, List.copyOf(files), List.copyOf(verdicts), fields, List.copyOf(parts));
    }

    /** Logged once at WARNING (then DEBUG): every multipart request fails the same way until the mapping is fixed. */
    private static final java.util.concurrent.atomic.AtomicBoolean TOLD = new java.util.concurrent.atomic.AtomicBoolean();

    private static MultipartReader.Failure alreadyRead(HttpServletRequest request, String how) {
        LOG.log(TOLD.compareAndSet(false, true) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "UploadGuardFilter found the body of a multipart request to {0} already read ({1}) by a filter or"
                + " valve before it: nothing was inspected and the request is refused. Map UploadGuardFilter before"
                + " any filter that reads parameters or the body.", request.getRequestURI(), how);
        return new MultipartReader.Failure(Reason.BODY_ALREADY_READ, "the request body was read before the upload"
                + " check (a deployment error); nothing was inspected");
    }

    private static void reject(HttpServletResponse response, Reason reason, String message, Verdict verdict)
            throws IOException {
        int status = reason.status();
        String title = switch (status) {
            case 413 -> "Upload too large";
            case 415 -> "Upload refused";
            case 500 -> "Upload not inspected";
            default -> "Bad upload request";
        };
        List<String> reasons = verdict == null ? List.of(reason.name()) : verdict.reasonCodes();
        Problem p = Problem.of(status, reason.name(), title).detail(message).with("reasons", reasons);
        if (verdict != null && !verdict.filename().isEmpty()) {
            p = p.with("filename", verdict.filename());
        }
        if (verdict != null) {
            p = p.with("detectedType", verdict.detectedType());
        }
        if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
        }
        p.write(response);
    }

    /** Counts body bytes and fails once more than the limit arrive (chunked or not). */
    private static final class Capped extends FilterInputStream {
        private final long limit;
        long count;

        Capped(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (count >= limit) {
                int one = super.read();
                if (one < 0) {
                    return -1;
                }
                add(1);
            }
            int n = super.read(b, off, (int) Math.min(len, limit - count));
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws TooLarge {
            count += n;
            if (count > limit) {
                throw new TooLarge(limit);
            }
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("the request body is larger than " + limit + " bytes");
        }
    }

    /**
     * How a field's bytes are decoded (its declared {@code charset}, else UTF-8) and the {@code Content-Type} the
     * application is shown: the value is re-encoded as UTF-8, so a declared charset is restated as UTF-8 (a reader
     * of the canonical body, such as commons-fileupload2, would otherwise decode it a second way), and a type that
     * does not parse is dropped.
     */
    record FieldType(java.nio.charset.Charset charset, String contentType) {

        static FieldType of(String contentType) {
            if (contentType == null) {
                return new FieldType(StandardCharsets.UTF_8, null);
            }
            HeaderValue h;
            try {
                h = HeaderValue.parse(contentType, "a part's Content-Type");
            } catch (MultipartReader.Failure f) {
                return new FieldType(StandardCharsets.UTF_8, null);
            }
            String declared = h.parameter("charset");
            if (declared == null) {
                return new FieldType(StandardCharsets.UTF_8, contentType);
            }
            java.nio.charset.Charset charset;
            try {
                charset = java.nio.charset.Charset.forName(declared);
            } catch (IllegalArgumentException e) {
                charset = StandardCharsets.UTF_8;
            }
            StringBuilder canonical = new StringBuilder(h.value());
            h.parameters().forEach((name, value) -> {
                if (!name.equals("charset")) {
                    boolean token = !value.isEmpty() && value.chars().allMatch(c -> HeaderValue.isTchar((char) c));
                    canonical.append("; ").append(name).append('=').append(token ? value : "\"" + value + "\"");
                }
            });
            return new FieldType(charset, canonical.append("; charset=UTF-8").toString());
        }
    }

    /** A non-file part, with canonical headers. */
    private static final class FieldPart implements Part {
        private final String name;
        private final String contentType;
        private final String value;
        private final Map<String, List<String>> headers;

        FieldPart(String name, String contentType, String value) {
            this.name = name;
            this.contentType = contentType;
            this.value = value;
            this.headers = UploadedFile.canonicalHeaders(MultipartReader.Disposition.header(name, null), contentType);
        }

        String value() {
            return value;
        }

        @Override
        public InputStream getInputStream() {
            return new java.io.ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getSubmittedFileName() {
            return null;
        }

        @Override
        public long getSize() {
            return value.getBytes(StandardCharsets.UTF_8).length;
        }

        @Override
        public void write(String fileName) throws IOException {
            throw new IOException("form fields are not written to disk");
        }

        @Override
        public void delete() {
        }

        @Override
        public String getHeader(String header) {
            List<String> v = headers.get(header.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        @Override
        public Collection<String> getHeaders(String header) {
            return headers.getOrDefault(header.toLowerCase(Locale.ROOT), List.of());
        }

        @Override
        public Collection<String> getHeaderNames() {
            return headers.keySet();
        }
    }

    /**
     * The application's view: the checked parts and fields, and — for code that parses the body
     * itself — the same parts re-serialised under a fresh boundary ({@link CanonicalBody}). The
     * container never sees the client's body again.
     */
    private static final class GuardedRequest extends HttpServletRequestWrapper {
        private final ServletResponse response;
        private final Parsed parsed;
        private final Map<String, String[]> parameters;
        private CanonicalBody body;
        private boolean bodyTaken;

        GuardedRequest(HttpServletRequest request, ServletResponse response, Parsed parsed) {
            super(request);
            this.response = response;
            this.parsed = parsed;
            Map<String, List<String>> all = new LinkedHashMap<>();
            String query = request.getQueryString();
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    all.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                }
            }
            parsed.fields().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            Map<String, String[]> m = new LinkedHashMap<>();
            all.forEach((k, v) -> m.put(k, v.toArray(String[]::new)));
            this.parameters = Collections.unmodifiableMap(m);
            request.setAttribute(VERDICTS, parsed.verdicts());
            request.setAttribute(FILES, parsed.files());
            request.setAttribute(PARSED, parsed);
        }

        /**
         * The canonical body is UTF-8 whatever {@code charset} the client declared: a reader that decodes part
         * headers with the request's encoding (commons-fileupload2) would otherwise read another filename, or
         * fail on an unknown charset.
         */
        @Override
        public String getCharacterEncoding() {
            return "UTF-8";
        }

        /** Ignored: the body has already been read (Servlet 6.0 {@code setCharacterEncoding}) and is UTF-8. */
        @Override
        public void setCharacterEncoding(String encoding) {
        }

        /** Keeps this view for the asynchronous cycle ({@code AsyncContext.getRequest()}, {@code dispatch()}). */
        @Override
        public AsyncContext startAsync() {
            return startAsync(this, response);
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return s;
            }
        }

        @Override
        public Collection<Part> getParts() {
            return parsed.parts();
        }

        @Override
        public Part getPart(String name) {
            for (Part p : parsed.parts()) {
                if (p.getName().equals(name)) {
                    return p;
                }
            }
            return null;
        }

        @Override
        public String getParameter(String name) {
            String[] v = parameters.get(name);
            return v == null ? null : v[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public java.util.Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] v = parameters.get(name);
            return v == null ? null : v.clone();
        }

        /** Built when first asked for: most applications only call {@code getParts()}. */
        private CanonicalBody body() {
            if (body == null) {
                body = new CanonicalBody(parsed.parts());
            }
            return body;
        }

        @Override
        public String getContentType() {
            return body().contentType();
        }

        @Override
        public int getContentLength() {
            return body().length() > Integer.MAX_VALUE ? -1 : (int) body().length();
        }

        @Override
        public long getContentLengthLong() {
            return body().length();
        }

        @Override
        public String getHeader(String name) {
            if (name.equalsIgnoreCase("Content-Type")) {
                return getContentType();
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                return Long.toString(body().length());
            }
            if (name.equalsIgnoreCase("Transfer-Encoding")) {
                return null;
            }
            return super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")
                    || name.equalsIgnoreCase("Transfer-Encoding")) {
                String v = getHeader(name);
                return Collections.enumeration(v == null ? List.of() : List.of(v));
            }
            return super.getHeaders(name);
        }

        @Override
        public ServletInputStream getInputStream() {
            if (bodyTaken) {
                throw new IllegalStateException("getReader() was already called");
            }
            return body().open();
        }

        @Override
        public BufferedReader getReader() {
            bodyTaken = true;
            return new BufferedReader(new java.io.InputStreamReader(body().open(), StandardCharsets.UTF_8));
        }
    }
}
