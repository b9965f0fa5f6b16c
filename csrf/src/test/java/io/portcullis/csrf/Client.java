package io.portcullis.csrf;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scripted client: keeps its cookies by hand, sends exactly the headers a test gives. */
final class Client {

    private static final Pattern FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    final Map<String, String> cookies = new LinkedHashMap<>();
    private final HttpClient http;
    private final URI base;

    Client(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), headers);
    }

    /** A request with exactly this content type and body (not re-encoded). */
    HttpResponse<String> raw(String method, String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)), headers);
    }

    HttpResponse<String> multipart(String path, Map<String, String> fields, String... headers) throws IOException, InterruptedException {
        String boundary = "----portcullis" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), headers);
    }

    /** The token of the hidden field of a page, after keeping the page's cookies. */
    String token(String page, String... headers) throws IOException, InterruptedException {
        HttpResponse<String> r = get(page, headers);
        Matcher m = FIELD.matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no token field on " + page + ": " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String... headers) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", c.toString());
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String sc : r.headers().allValues("Set-Cookie")) {
            String pair = sc.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return r;
    }
}
