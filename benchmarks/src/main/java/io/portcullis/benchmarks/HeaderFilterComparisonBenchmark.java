package io.portcullis.benchmarks;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.filters.HttpHeaderSecurityFilter;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.mock.web.MockFilterConfig;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.PermissionsPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;

/**
 * Per-request cost of a header-hardening filter alone: one secure GET through the filter, with
 * Spring's {@code MockHttpServletRequest}/{@code MockHttpServletResponse} made fresh for each
 * operation (the same for every contender; one shared {@code MockServletContext}), the application setting a content type and writing
 * a 13-byte body, and with {@code page=cookie} also adding one cookie. Contenders:
 * <ul>
 *   <li>{@code noop}: {@code chain.doFilter(req, res)}, the baseline;</li>
 *   <li>{@code floor}: only {@code containsHeader} (lower-case name) + {@code addHeader} of the 9 headers
 *       below, precomputed: what the response itself charges for them, whoever writes them;</li>
 *   <li>{@code tomcat}: Tomcat 10.1 {@code HttpHeaderSecurityFilter} (HSTS one year with
 *       includeSubDomains, nosniff, X-Frame-Options DENY: 3 headers);</li>
 *   <li>{@code spring}: Spring Security 7.0 {@code HeaderWriterFilter} with the nine writers that
 *       send what Portcullis sends by default (HSTS, nosniff, DENY, no-referrer, COOP, CORP,
 *       Permissions-Policy, X-Permitted-Cross-Domain-Policies, the default CSP without nonce);</li>
 *   <li>{@code portcullis}: {@code new HardeningFilter(HardeningPolicy.defaults())} (those 9 headers,
 *       Host check, Set-Cookie rewriting, a lazily generated CSP nonce that this page does not use);</li>
 *   <li>{@code portcullis3}: the same filter sending only Tomcat's 3 headers (HSTS, nosniff, DENY; the
 *       other headers, the CSP and the header removal off), with its Host check, proxy evaluation and
 *       cookie rewriting: the same header work as {@code tomcat}.</li>
 *   <li>{@code portcullisAsync}: {@code portcullis} on a request whose {@code isAsyncSupported()} is
 *       true (as in Spring Boot, which registers its servlets async-supported), where the filter also
 *       wraps the request; every other contender's request cannot start async (the mocks' default);</li>
 *   <li>{@code portcullisNoNonce}: {@code portcullis} with Spring's contender's CSP, which has no
 *       {@code {nonce}}: the same 9 header values as {@code spring}, and no per-request nonce holder.</li>
 * </ul>
 * With {@code exchange=recycled} the same request goes through {@link RecycledExchange}: one request
 * and response recycled after each operation, headers and attributes in arrays, as a container
 * keeps them, so the allocation left is the filter's own. Setup fails unless each contender's
 * response carries its headers (and the cookie).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeaderFilterComparisonBenchmark {

    static final String CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
            + "form-action 'self'; script-src 'self'; style-src 'self'";
    private static final String BODY = "<p>hello</p>\n";

    @Param({"noop", "floor", "tomcat", "spring", "portcullis", "portcullis3", "portcullisAsync", "portcullisNoNonce"})
    public String filter;

    @Param({"plain", "cookie"})
    public String page;

    /** {@code mock}: Spring's mocks, fresh per request; {@code recycled}: {@link RecycledExchange}, container-like. */
    @Param({"mock", "recycled"})
    public String exchange;

    private boolean asyncSupported;
    private RecycledExchange.Request recycledRequest;
    private RecycledExchange.Response recycledResponse;

    private final MockServletContext context = new MockServletContext();
    private Filter subject;
    private FilterChain app;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        subject = switch (filter) {
            case "noop" -> (req, res, chain) -> chain.doFilter(req, res);
            case "floor" -> floor();
            case "tomcat" -> tomcat();
            case "spring" -> spring();
            case "portcullis" -> portcullis(HardeningPolicy.builder());
            case "portcullis3" -> portcullis(tomcatHeadersOnly());
            case "portcullisAsync" -> portcullis(HardeningPolicy.builder());
            case "portcullisNoNonce" -> portcullis(HardeningPolicy.builder().contentSecurityPolicy(CSP));
            default -> throw new IllegalArgumentException(filter);
        };
        // portcullisAsync: a request that may start async (Spring Boot registers its servlets so), where the
        // filter wraps the request too; every other contender gets one that cannot (the mocks' default)
        asyncSupported = filter.equals("portcullisAsync");
        boolean cookie = page.equals("cookie");
        app = (req, res) -> {
            HttpServletResponse r = (HttpServletResponse) res;
            r.setContentType("text/html;charset=UTF-8");
            if (cookie) {
                r.addCookie(new Cookie("id", "a3fWa"));
            }
            r.getWriter().write(BODY);
        };
        recycledRequest = new RecycledExchange.Request(context, "/page", "Host", "localhost");
        recycledRequest.setAsyncSupported(asyncSupported);
        recycledResponse = new RecycledExchange.Response();
        MockHttpServletResponse res = request();
        int expected = switch (filter) {
            case "noop" -> 0;
            case "tomcat", "portcullis3" -> 3;
            default -> 9;
        };
        List<String> names = List.of("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy",
                "X-Permitted-Cross-Domain-Policies", "Content-Security-Policy");
        long present = names.stream().filter(res::containsHeader).count();
        if (present != expected || !res.getContentAsString().equals(BODY) || cookie != res.containsHeader("Set-Cookie")) {
            throw new IllegalStateException(filter + "/" + page + ": " + present + " of the headers, expected " + expected + "; "
                    + res.getHeaderNames() + " " + res.getHeaders("Set-Cookie"));
        }
        System.out.println("# " + filter + "/" + page + "/" + exchange + ": " + res.getHeaderNames() + " Set-Cookie: " + res.getHeaders("Set-Cookie"));
    }

    /**
     * The least any filter can do to send the same 9 headers without replacing one the application
     * set: after the chain, {@code containsHeader} then {@code addHeader} for each, values built
     * once, the look-up with the lower-case name (free for the containers, and Spring's mock then
     * has no name to lower-case). What this costs over {@code noop} is the response's own price
     * for 9 headers.
     */
    private static Filter floor() {
        String[][] headers = {{"Strict-Transport-Security", "max-age=31536000; includeSubDomains"},
            {"X-Content-Type-Options", "nosniff"}, {"X-Frame-Options", "DENY"}, {"Referrer-Policy", "no-referrer"},
            {"Cross-Origin-Opener-Policy", "same-origin"}, {"Cross-Origin-Resource-Policy", "same-origin"},
            {"Permissions-Policy", HardeningPolicy.DEFAULT_PERMISSIONS_POLICY}, {"X-Permitted-Cross-Domain-Policies", "none"},
            {"Content-Security-Policy", CSP}};
        String[] lower = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            lower[i] = headers[i][0].toLowerCase(java.util.Locale.ROOT);
        }
        return (req, res, chain) -> {
            chain.doFilter(req, res);
            HttpServletResponse r = (HttpServletResponse) res;
            for (int i = 0; i < headers.length; i++) {
                if (!r.containsHeader(lower[i])) {
                    r.addHeader(headers[i][0], headers[i][1]);
                }
            }
        };
    }

    private static Filter tomcat() throws Exception {
        HttpHeaderSecurityFilter f = new HttpHeaderSecurityFilter();
        f.setHstsMaxAgeSeconds(31_536_000);
        f.setHstsIncludeSubDomains(true);
        f.setAntiClickJackingOption("DENY");
        f.init(new MockFilterConfig("tomcat"));
        return f;
    }

    private static Filter spring() throws Exception {
        HstsHeaderWriter hsts = new HstsHeaderWriter(31_536_000, true);
        PermissionsPolicyHeaderWriter permissions = new PermissionsPolicyHeaderWriter(HardeningPolicy.DEFAULT_PERMISSIONS_POLICY);
        CrossOriginOpenerPolicyHeaderWriter coop = new CrossOriginOpenerPolicyHeaderWriter();
        coop.setPolicy(CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN);
        CrossOriginResourcePolicyHeaderWriter corp = new CrossOriginResourcePolicyHeaderWriter();
        corp.setPolicy(CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy.SAME_ORIGIN);
        List<HeaderWriter> writers = List.of(hsts, new XContentTypeOptionsHeaderWriter(),
                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY),
                new ReferrerPolicyHeaderWriter(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER),
                coop, corp,
                permissions, new StaticHeadersWriter("X-Permitted-Cross-Domain-Policies", "none"),
                new ContentSecurityPolicyHeaderWriter(CSP));
        HeaderWriterFilter f = new HeaderWriterFilter(writers);
        f.init(new MockFilterConfig("spring"));
        return f;
    }

    /** HSTS (one year, includeSubDomains), nosniff and DENY only, as {@link #tomcat()} sends. */
    private static HardeningPolicy.Builder tomcatHeadersOnly() {
        return HardeningPolicy.builder()
                .referrerPolicy(List.of(HardeningPolicy.ReferrerPolicy.OFF))
                .crossOriginOpenerPolicy(HardeningPolicy.OpenerPolicy.OFF)
                .crossOriginResourcePolicy(HardeningPolicy.ResourcePolicy.OFF)
                .permissionsPolicy(null)
                .permittedCrossDomainPolicies(HardeningPolicy.CrossDomainPolicies.OFF)
                .contentSecurityPolicy(null)
                .removeHeaders(List.of());
    }

    private static Filter portcullis(HardeningPolicy.Builder policy) throws Exception {
        HardeningFilter f = new HardeningFilter(policy.logDeployCheck(false).build());
        f.init(new MockFilterConfig("portcullis"));
        return f;
    }

    /** One secure GET for {@code /page} through the filter; the response, for the blackhole. */
    @Benchmark
    public MockHttpServletResponse request() throws Exception {
        if (exchange.equals("recycled")) {
            recycledRequest.recycle();
            recycledResponse.recycle();
            subject.doFilter(recycledRequest, recycledResponse, app);
            return recycledResponse;
        }
        MockHttpServletRequest req = new MockHttpServletRequest(context, "GET", "/page");
        req.setSecure(true);
        req.setScheme("https");
        req.setServerName("localhost");
        req.setServerPort(443);
        req.addHeader("Host", "localhost");
        req.setAsyncSupported(asyncSupported);
        MockHttpServletResponse res = new MockHttpServletResponse();
        subject.doFilter(req, res, app);
        return res;
    }
}
