package io.portcullis.demo;

import io.portcullis.testing.TrustingClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A test user agent: trusts only the demo's PEM, keeps its own cookies, never follows
 * redirects (so every status and header is seen), and knows how to fill the demo's forms.
 */
final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final URI base;
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient http;

    WebClient(URI base, Path pem) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .sslContext(TrustingClient.sslContext(pem))
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Origin", origin())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** POSTs a multipart form with one file part named {@code file} and the given fields. */
    HttpResponse<String> postFile(String path, Map<String, String> fields, String filename, String type, byte[] content) {
        return postFile(path, fields, filename, type, content, false);
    }

    /** {@link #postFile}, with {@code chunked} the body sent without a {@code Content-Length} (its size unknown up front). */
    HttpResponse<String> postFile(String path, Map<String, String> fields, String filename, String type, byte[] content,
            boolean chunked) {
        String boundary = "----demo" + UUID.randomUUID().toString().replace("-", "");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            for (Map.Entry<String, String> f : fields.entrySet()) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                        + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                    + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Origin", origin())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(out.toByteArray()))
                        : HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
    }

    /**
     * This client's page origin, sent as {@code Origin} with every form it posts, as a browser
     * does: the CSRF filter refuses an HTTPS POST with neither {@code Origin} nor {@code Referer}.
     */
    String origin() {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The CSRF token of the form on {@code page} (GETs it, which also creates the session). */
    String csrfFrom(String page) {
        return csrf(get(page).body());
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in page: " + html);
        }
        return m.group(1);
    }

    /** Signs up (which logs in) a new user; returns the response of the POST. */
    HttpResponse<String> signUp(String user, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrfFrom("/signup"));
        form.put("username", user);
        form.put("password", password);
        return post("/signup", form);
    }

    HttpResponse<String> logIn(String user, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrfFrom("/login"));
        form.put("username", user);
        form.put("password", password);
        form.put("next", "/account");
        return post("/login", form);
    }
}
