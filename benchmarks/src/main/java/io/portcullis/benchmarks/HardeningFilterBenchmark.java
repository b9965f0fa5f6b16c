package io.portcullis.benchmarks;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-request cost of {@code HardeningFilter.doFilter}: full HTTP/1.1 round trips through a real
 * embedded Jetty 12 (ee10) over an in-memory {@code LocalConnector} (no sockets, no TLS), once
 * with the filter mapped on {@code /*} and once with no filter at all. Both sides pay the same
 * container cost (parsing, dispatch, the servlet, response generation), so the difference is
 * the filter. The connector marks every request as HTTPS (as a TLS connector would), so the
 * filter takes its normal path: Host check, HSTS, security headers, CSP, cookie rewriting;
 * not the plain-HTTP redirect.
 *
 * <p>{@code page=plain}: the servlet writes a 1 KiB HTML page. {@code page=cookieAndNonce}: it
 * also adds a cookie (rewritten by the filter) and uses {@code CspNonce.of(request)} (128-bit
 * SecureRandom nonce). Setup fails unless the response is a 200 with (or without) the
 * Portcullis headers as expected.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HardeningFilterBenchmark {

    @Param({"none", "hardening"})
    public String filter;

    @Param({"plain", "cookieAndNonce"})
    public String page;

    private EmbeddedJetty jetty;
    private ByteBuffer request;

    @Setup(Level.Trial)
    public void start() throws Exception {
        jetty = EmbeddedJetty.local(filter.equals("hardening") ? new HardeningFilter(HardeningPolicy.defaults()) : null);
        String path = page.equals("plain") ? "/page" : "/page?cookie&nonce";
        request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: jmh\r\n"
                + "Accept: text/html\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        String response = StandardCharsets.ISO_8859_1.decode(roundTrip()).toString();
        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        boolean ok = head.startsWith("HTTP/1.1 200")
                && head.contains("Strict-Transport-Security") == filter.equals("hardening")
                && head.contains("Content-Security-Policy") == filter.equals("hardening");
        if (!ok) {
            throw new IllegalStateException("unexpected response for filter=" + filter + ":\n" + head);
        }
        System.out.println("# response head (" + response.length() + " bytes in all):\n# " + head.replace("\r\n", "\n# "));
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        jetty.stop();
    }

    @Benchmark
    public ByteBuffer roundTrip() throws Exception {
        return jetty.local().getResponse(request.duplicate(), 10, TimeUnit.SECONDS);
    }
}
