package io.portcullis.checkup.site;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The two ways checkup talks to a site: {@link HttpClient} for ordinary requests (redirects never
 * followed, so every hop is seen) and a raw socket for requests a client library refuses to send
 * (TRACE with a marker, a malformed request line).
 *
 * <p>Forging {@code Host} through {@link HttpClient} needs the system property
 * {@code jdk.httpclient.allowRestrictedHeaders=host}, read once when the JDK's HTTP client classes
 * initialise; this class sets it (adding {@code host} to any value already there) before it
 * builds its first client, so {@code java -jar checkup.jar} needs no {@code -D} flag.
 */
final class Http {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * The whole answer, headers and body, must arrive within this: {@link #TIMEOUT} alone bounds
     * the connection and each read, so a server that sends its headers and then trickles or
     * stalls the body would hold the audit for ever.
     */
    static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String RESTRICTED = "jdk.httpclient.allowRestrictedHeaders";

    static {
        allowHostHeader();
    }

    private final HttpClient client;
    private final SSLContext ssl;
    private final Duration deadline;

    Http(SSLContext ssl) {
        this(ssl, DEADLINE);
    }

    Http(SSLContext ssl, Duration deadline) {
        this.ssl = ssl;
        this.deadline = deadline;
        SSLParameters params = ssl.getDefaultSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        this.client = HttpClient.newBuilder()
                .sslContext(ssl)
                .sslParameters(params)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Adds {@code host} to {@value #RESTRICTED}; must run before the first HttpClient exists. */
    static synchronized void allowHostHeader() {
        String now = System.getProperty(RESTRICTED);
        if (now == null || now.isBlank()) {
            System.setProperty(RESTRICTED, "host");
        } else if (!List.of(now.toLowerCase().split("\\s*,\\s*")).contains("host")) {
            System.setProperty(RESTRICTED, now + ",host");
        }
    }

    Response get(URI uri) throws IOException {
        return send("GET", uri, Map.of(), null);
    }

    Response send(String method, URI uri, Map<String, String> headers, String body) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            // a Location to file:, ftp: or a host-less URL: a hop that leads nowhere, not a crash of the audit
            throw new java.net.ProtocolException("not an http(s) URL: \"" + abbreviate(uri.toString()) + "\"");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        b.header("User-Agent", "portcullis-checkup/0.1");
        headers.forEach(b::setHeader);
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> answer =
                client.sendAsync(b.build(), info -> new Capped(Response.BODY_LIMIT));
        try {
            HttpResponse<byte[]> r = answer.get(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return new Response(uri, r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            throw new java.net.http.HttpTimeoutException("no complete answer within " + deadline.toSeconds()
                    + " s (headers or body still arriving)");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof IllegalArgumentException bad) {
                throw new java.net.ProtocolException(bad.getMessage());
            }
            throw new IOException(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Collects the first {@code limit} bytes of a body, then stops reading (a huge or endless body costs no more). */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final int limit;
        private java.util.concurrent.Flow.Subscription subscription;

        Capped(int limit) {
            this.limit = limit;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> items) {
            for (java.nio.ByteBuffer item : items) {
                int n = Math.min(item.remaining(), limit - buf.size());
                byte[] part = new byte[n];
                item.get(part);
                buf.write(part, 0, n);
            }
            if (buf.size() >= limit) {
                subscription.cancel();
                result.complete(buf.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buf.toByteArray());
        }
    }

    /**
     * Sends {@code head} (request line and headers, CRLF separated, without the blank line) as is
     * over a new connection to {@code target}'s host and port, with {@code Connection: close}.
     */
    Response raw(URI target, String head) throws IOException {
        String host = target.getHost();
        int port = port(target);
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            Socket s = plain;
            if (tls) {
                SSLSocket ssls = (SSLSocket) ssl.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters p = ssls.getSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                if (!isIpLiteral(host)) {
                    p.setServerNames(List.of(new SNIHostName(host)));
                }
                ssls.setSSLParameters(p);
                ssls.startHandshake();
                s = ssls;
            }
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[8192];
            int n;
            long stop = System.nanoTime() + deadline.toNanos();
            try {
                while (buf.size() < Response.BODY_LIMIT && !complete(buf) && (n = in.read(chunk)) >= 0) {
                    buf.write(chunk, 0, n);
                    long left = stop - System.nanoTime();
                    if (left <= 0) {
                        throw new java.net.SocketTimeoutException("no complete answer within " + deadline.toSeconds()
                                + " s (bytes still trickling in)");
                    }
                    s.setSoTimeout((int) Math.max(1, Math.min(TIMEOUT.toMillis(), left / 1_000_000)));
                }
            } catch (IOException e) {
                if (buf.size() == 0) {
                    throw e;
                }
            }
            return parseRaw(target, buf.toByteArray());
        }
    }

    /**
     * True once a whole response has arrived (by Content-Length, the last chunk, or a status
     * without a body), so a server that keeps the connection open despite
     * {@code Connection: close} does not cost a read timeout.
     */
    static boolean complete(ByteArrayOutputStream buf) {
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = s.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        String[] status = head.split("\r\n", 2)[0].split(" ");
        if (status.length > 1 && (status[1].equals("204") || status[1].equals("304"))) {
            return true;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?m)^content-length:\\s*(\\d{1,12})\\s*$")
                .matcher(head);
        if (length.find()) {
            return s.length() - end - 4 >= Long.parseLong(length.group(1));
        }
        if (head.matches("(?s).*\\ntransfer-encoding:[^\\n]*chunked.*")) {
            return s.endsWith("\r\n0\r\n\r\n") || s.substring(end + 4).startsWith("0\r\n\r\n");
        }
        return false;
    }

    static Response parseRaw(URI target, byte[] bytes) throws IOException {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        String head = end < 0 ? all : all.substring(0, end);
        String body = end < 0 ? "" : all.substring(end + 4);
        // RFC 9112 §2.2: a bare LF may end a line (browsers read it so), a bare CR becomes SP
        String[] lines = head.split("\r?\n", -1); // -1: a head of line ends alone still has a first line
        for (int i = 0; i < lines.length; i++) {
            lines[i] = lines[i].replace('\r', ' ');
        }
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/") || !statusLine[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP response: \"" + abbreviate(lines[0]) + "\"");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon > 0 ? lines[i].substring(0, colon).trim() : "";
            if (!name.isEmpty()) {
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        boolean chunked = headers.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("Transfer-Encoding")
                && e.getValue().stream().anyMatch(v -> v.toLowerCase().contains("chunked")));
        if (chunked) {
            body = dechunk(body);
        }
        byte[] raw = body.getBytes(StandardCharsets.ISO_8859_1);
        return new Response(target, Integer.parseInt(statusLine[1]), headers, new String(raw, StandardCharsets.UTF_8));
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            String hex = body.substring(i, eol).split(";", -1)[0].trim();
            if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                break; // RFC 9112 §7.1: chunk-size is 1*HEXDIG; no sign, and nothing past the body limit
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                break;
            }
            int start = eol + 2;
            int stop = (int) Math.min(body.length(), start + size);
            out.append(body, start, stop);
            if (stop == body.length()) {
                break;
            }
            i = stop + 2;
        }
        return out.toString();
    }

    static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** {@code host[:port]} as a Host header carries it (default port elided). */
    static String authority(URI uri) {
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]"
                : uri.getHost();
        return uri.getPort() > 0 ? host + ":" + uri.getPort() : host;
    }

    static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":") || host.startsWith("[");
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("[\\r\\n\\t]+", " ");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }
}
