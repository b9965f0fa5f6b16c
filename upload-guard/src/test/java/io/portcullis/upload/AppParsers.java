package io.portcullis.upload;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.core.ApplicationPart;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.apache.tomcat.util.http.fileupload.FileItem;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.servlet.ServletRequestContext;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartCompliance;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Attributes;
import org.springframework.http.ContentDisposition;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * The multipart parsers applications really use, each run the way its framework runs it, and
 * each reduced to the one thing that matters to the upload guard: which files (field, filename,
 * bytes) it would hand the application. A parser that throws hands over nothing.
 */
final class AppParsers {

    /** One file as an application would receive it. */
    record FileSeen(String field, String filename, byte[] bytes) {
        @Override
        public String toString() {
            return field + "=" + filename + " (" + bytes.length + " bytes)";
        }
    }

    /** What one parser made of a request: files, or the failure that stopped it. */
    record Seen(String parser, List<FileSeen> files, String failure) {
        static Seen failed(String parser, Throwable t) {
            return new Seen(parser, List.of(), t.getClass().getSimpleName() + ": " + t.getMessage());
        }
    }

    private AppParsers() {
    }

    /** Every parser over the raw request, as the container and the frameworks would see it without the guard. */
    static List<Seen> all(String contentType, byte[] body) {
        List<Seen> out = new ArrayList<>();
        try {
            List<Part> tomcatParts = tomcatParts(contentType, body);
            out.add(servletView("tomcat", tomcatParts));
            out.add(springView("spring-on-tomcat", tomcatParts));
        } catch (Exception | Error e) {
            out.add(Seen.failed("tomcat", e));
        }
        try {
            List<Part> jettyParts = jettyParts(contentType, body);
            out.add(servletView("jetty", jettyParts));
            out.add(springView("spring-on-jetty", jettyParts));
        } catch (Exception | Error e) {
            out.add(Seen.failed("jetty", e));
        }
        out.add(fileUpload2(request(contentType, body, List.of())));
        return out;
    }

    /** Tomcat 10.1's own {@code Request.parseParts}: its FileUpload copy, then {@code ApplicationPart}s. */
    static List<Part> tomcatParts(String contentType, byte[] body) throws Exception {
        {
            var factory = new org.apache.tomcat.util.http.fileupload.disk.DiskFileItemFactory();
            factory.setSizeThreshold(Integer.MAX_VALUE);
            FileUpload upload = new FileUpload();
            upload.setFileItemFactory(factory);
            List<Part> parts = new ArrayList<>();
            for (FileItem item : upload.parseRequest(new ServletRequestContext(request(contentType, body, List.of())))) {
                parts.add(new ApplicationPart(item, null));
            }
            return parts;
        }
    }

    /**
     * Jetty 12 (ee10) {@code getParts()}: only {@code multipart/form-data}, then
     * {@code MultiPartFormData.from} with the RFC 7578 compliance mode it defaults to.
     */
    static List<Part> jettyParts(String contentType, byte[] body) throws Exception {
        {
            if (contentType == null
                    || !MimeTypes.Type.MULTIPART_FORM_DATA.is(HttpField.getValueParameters(contentType, null))) {
                throw new IllegalStateException("Jetty refuses Content-Type " + contentType);
            }
            MultiPartConfig config = new MultiPartConfig.Builder().complianceMode(MultiPartCompliance.RFC7578)
                    .maxMemoryPartSize(Long.MAX_VALUE).maxParts(1000).build();
            MultiPartFormData.Parts parts = MultiPartFormData.from(Content.Source.from(ByteBuffer.wrap(body)),
                    new Attributes.Mapped(), contentType, config).get(5, TimeUnit.SECONDS);
            List<Part> out = new ArrayList<>();
            for (MultiPart.Part p : parts) {
                out.add(new JettyPart(p));
            }
            return out;
        }
    }

    /** The servlet view: a file is a part whose {@code getSubmittedFileName()} is not null. */
    static Seen servletView(String parser, List<Part> parts) {
        try {
            List<FileSeen> files = new ArrayList<>();
            for (Part p : parts) {
                if (p.getSubmittedFileName() != null) {
                    files.add(new FileSeen(p.getName(), p.getSubmittedFileName(), bytes(p)));
                }
            }
            return new Seen(parser, files, null);
        } catch (Exception e) {
            return Seen.failed(parser, e);
        }
    }

    /**
     * Spring's {@code StandardMultipartHttpServletRequest.parseRequest}: the container's parts, the
     * filename re-read by {@code ContentDisposition.parse} from the raw header.
     */
    static Seen springView(String parser, List<Part> parts) {
        try {
            List<FileSeen> files = new ArrayList<>();
            for (Part p : parts) {
                String filename = ContentDisposition.parse(p.getHeader("Content-Disposition")).getFilename();
                if (filename != null) {
                    files.add(new FileSeen(p.getName(), filename, bytes(p)));
                }
            }
            return new Seen(parser, files, null);
        } catch (Exception e) {
            return Seen.failed(parser, e);
        }
    }

    /** Spring's resolver over a request (after the guard: the guard's wrapper). */
    static Seen springResolver(HttpServletRequest request) {
        try {
            MultipartHttpServletRequest m = new StandardServletMultipartResolver().resolveMultipart(request);
            List<FileSeen> files = new ArrayList<>();
            for (MultipartFile f : m.getMultiFileMap().values().stream().flatMap(List::stream).toList()) {
                files.add(new FileSeen(f.getName(), f.getOriginalFilename(), f.getBytes()));
            }
            return new Seen("spring-resolver", files, null);
        } catch (Exception e) {
            return Seen.failed("spring-resolver", e);
        }
    }

    /** commons-fileupload2's {@code JakartaServletFileUpload.parseRequest(request)}, in memory. */
    static Seen fileUpload2(HttpServletRequest request) {
        try {
            DiskFileItemFactory factory = DiskFileItemFactory.builder().setThreshold(Integer.MAX_VALUE).get();
            List<FileSeen> files = new ArrayList<>();
            for (DiskFileItem item : new JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory>(factory)
                    .parseRequest(request)) {
                if (!item.isFormField()) {
                    files.add(new FileSeen(item.getFieldName(), item.getName(), item.get()));
                }
            }
            return new Seen("fileupload2", files, null);
        } catch (Exception | Error e) {
            return Seen.failed("fileupload2", e);
        }
    }

    /** The servlet {@code getParts()} view of a request (after the guard: the guard's wrapper). */
    static Seen getParts(HttpServletRequest request) {
        try {
            return servletView("getParts", List.copyOf(request.getParts()));
        } catch (Exception e) {
            return Seen.failed("getParts", e);
        }
    }

    private static byte[] bytes(Part p) throws IOException {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** A POST request carrying {@code body}, for parsers that take a servlet request. */
    static HttpServletRequest request(String contentType, byte[] body, List<String> extraContentTypes) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        ServletInputStream sin = new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }
        };
        List<String> types = new ArrayList<>();
        if (contentType != null) {
            types.add(contentType);
        }
        types.addAll(extraContentTypes);
        java.util.Map<String, Object> attributes = new java.util.HashMap<>();
        return FilterHarness.fake(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getMethod" -> "POST";
            case "getContentType" -> contentType;
            case "getHeader" -> ((String) args[0]).equalsIgnoreCase("Content-Type") ? contentType
                    : ((String) args[0]).equalsIgnoreCase("Content-Length") ? Integer.toString(body.length) : null;
            case "getHeaders" -> ((String) args[0]).equalsIgnoreCase("Content-Type") ? Collections.enumeration(types)
                    : Collections.emptyEnumeration();
            case "getHeaderNames" -> Collections.enumeration(List.of("Content-Type", "Content-Length"));
            case "getContentLengthLong" -> (long) body.length;
            case "getContentLength" -> body.length;
            case "getCharacterEncoding" -> charset(contentType);
            case "getRequestURI" -> "/upload";
            case "getServletPath" -> "/upload";
            case "getContextPath" -> "";
            case "getQueryString" -> null;
            case "getParameterMap" -> Collections.emptyMap();
            case "getParameterNames" -> Collections.emptyEnumeration();
            case "getAttributeNames" -> Collections.enumeration(attributes.keySet());
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            case "getAttribute" -> attributes.get((String) args[0]);
            case "getInputStream" -> sin;
            default -> null;
        });
    }

    /** The {@code charset} parameter, as Tomcat's and Jetty's {@code getCharacterEncoding()} return it. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String v = p.substring(8).strip();
                return v.length() > 1 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /** Jetty's part as the ee10 {@code ServletPart} exposes it. */
    private record JettyPart(MultiPart.Part part) implements Part {
        @Override
        public InputStream getInputStream() {
            return Content.Source.asInputStream(part.createContentSource());
        }

        @Override
        public String getContentType() {
            return part.getHeaders().get("Content-Type");
        }

        @Override
        public String getName() {
            return part.getName();
        }

        @Override
        public String getSubmittedFileName() {
            return part.getFileName();
        }

        @Override
        public long getSize() {
            return part.getLength();
        }

        @Override
        public void write(String fileName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete() {
        }

        @Override
        public String getHeader(String name) {
            return part.getHeaders().get(name);
        }

        @Override
        public java.util.Collection<String> getHeaders(String name) {
            return part.getHeaders().getValuesList(name);
        }

        @Override
        public java.util.Collection<String> getHeaderNames() {
            return part.getHeaders().getFieldNamesCollection();
        }
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
