package io.portcullis.passwords;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Client of a Pwned Passwords–compatible range API: {@code GET <base>range/<first 5 hex of SHA-1>}
 * with {@code Add-Padding: true}; the answer lists {@code <35 hex suffix>:<count>} lines, padding
 * lines having count 0. Only the prefix leaves the server. One deadline covers connect, headers
 * and body; the body is capped; any line that is not {@code HEX35:COUNT} makes the whole answer
 * malformed (a proxy's HTML error page must not read as "not breached").
 */
final class RangeApiClient implements BreachSource {

    /** A padded answer is ~800–1,000 lines of 40 bytes; 1 MiB leaves room and bounds memory. */
    static final int MAX_BODY = 1 << 20;
    private static final Pattern LINE = Pattern.compile("[0-9A-Fa-f]{35}:[0-9]{1,12}");

    private final URI base;
    private final Duration timeout;
    private final HttpClient client;

    RangeApiClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public boolean listed(String sha1Hex) throws IOException {
        String prefix = sha1Hex.substring(0, 5);
        String suffix = sha1Hex.substring(5);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("range/" + prefix))
                .timeout(timeout)
                .header("Add-Padding", "true")
                .header("User-Agent", "portcullis-passwords")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> new CappedBody(MAX_BODY));
        HttpResponse<byte[]> response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("range API did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the range API");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new IOException("range API did not answer within " + timeout.toMillis() + " ms");
            }
            throw new IOException("range API request failed: " + cause, cause);
        }
        if (response.statusCode() != 200) {
            throw new IOException("range API answered HTTP " + response.statusCode());
        }
        return find(new String(response.body(), StandardCharsets.US_ASCII), suffix);
    }

    /** Parses an answer strictly; true when {@code suffix} is listed with a count above 0. */
    static boolean find(String body, String suffix) throws IOException {
        boolean found = false;
        int lines = 0;
        for (String raw : body.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                continue;
            }
            if (!LINE.matcher(line).matches()) {
                throw new IOException("range API answer is malformed (line " + (lines + 1) + ")");
            }
            lines++;
            if (line.regionMatches(true, 0, suffix, 0, 35) && Long.parseLong(line.substring(36)) > 0) {
                found = true;
            }
        }
        if (lines == 0) {
            throw new IOException("range API answer is empty (a padded answer never is)");
        }
        return found;
    }

    /** Collects at most {@code max} bytes; more fails the request. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (out.size() + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("range API answer larger than " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
