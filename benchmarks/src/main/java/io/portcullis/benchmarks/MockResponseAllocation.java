package io.portcullis.benchmarks;

import jakarta.servlet.http.Cookie;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What Spring's {@code MockHttpServletResponse} itself allocates, measured with the thread's
 * allocated-bytes counter ({@code com.sun.management.ThreadMXBean}): a fresh response, the same plus
 * {@code addCookie(new Cookie("id", "a3fWa"))}, plus the hardened line as a {@code Set-Cookie} header
 * (what Portcullis hands the response), plus the bare line as a header. The difference between the
 * last columns and {@code addCookie} is the mock parsing the header into a {@code MockCookie}: a floor
 * of {@code HeaderFilterComparisonBenchmark}'s cookie column on the mocks for any filter that
 * rewrites cookies into a header line.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.portcullis.benchmarks.MockResponseAllocation</pre>
 */
public final class MockResponseAllocation {

    static volatile Object sink;

    private MockResponseAllocation() {
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        String[] names = {"fresh", "addCookie", "addHeader(Set-Cookie, hardened line)", "addHeader(Set-Cookie, id=a3fWa)"};
        for (int round = 0; round < 5; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (int k = 0; k < names.length; k++) {
                int n = 200_000;
                long before = mx.getThreadAllocatedBytes(id);
                for (int i = 0; i < n; i++) {
                    MockHttpServletResponse r = new MockHttpServletResponse();
                    switch (k) {
                        case 1 -> r.addCookie(new Cookie("id", "a3fWa"));
                        case 2 -> r.addHeader("Set-Cookie", "id=a3fWa; SameSite=Lax; Secure; HttpOnly");
                        case 3 -> r.addHeader("Set-Cookie", "id=a3fWa");
                        default -> {
                        }
                    }
                    sink = r;
                }
                line.append(String.format(Locale.ROOT, "  %s %.0f B", names[k],
                        (mx.getThreadAllocatedBytes(id) - before) / (double) n));
            }
            System.out.println(line);
        }
    }
}
