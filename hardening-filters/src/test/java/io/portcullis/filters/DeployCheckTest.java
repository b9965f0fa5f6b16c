package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.portcullis.core.Settings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeployCheckTest {

    private static List<String> ids(HardeningPolicy p) {
        return DeployCheck.run(p).stream().map(DeployCheck.Finding::id).toList();
    }

    @Test
    void runWhenDefaultsThenOnlyTheHostsReminder() {
        assertThat(DeployCheck.run(HardeningPolicy.defaults())).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("HOSTS_LOOPBACK_ONLY");
            assertThat(f.severity()).isEqualTo(DeployCheck.Severity.INFO);
            assertThat(f.key()).isEqualTo("portcullis.hosts.allowed");
        });
    }

    @Test
    void runWhenContextHasNoSessionSupportThenNoSessionFindingAndNoFailure() {
        ServletContext stateless = mock(ServletContext.class); // Jetty ServletContextHandler without SESSIONS answers null
        HardeningPolicy p = HardeningPolicy.builder().allowedHosts(List.of("example.com")).build();
        assertThat(DeployCheck.run(p, stateless)).isEmpty();
        SessionCookieHardener.harden(stateless, p);
    }

    /** A context serving one servlet behind the given filters (name → class). */
    private static ServletContext withFilters(Map<String, String> filters) {
        ServletContext context = mock(ServletContext.class);
        Map<String, jakarta.servlet.FilterRegistration> regs = new java.util.LinkedHashMap<>();
        filters.forEach((name, cls) -> {
            jakarta.servlet.FilterRegistration r = mock(jakarta.servlet.FilterRegistration.class);
            when(r.getClassName()).thenReturn(cls);
            regs.put(name, r);
        });
        org.mockito.Mockito.doReturn(regs).when(context).getFilterRegistrations();
        org.mockito.Mockito.doReturn(Map.of("app", mock(jakarta.servlet.ServletRegistration.class)))
                .when(context).getServletRegistrations();
        return context;
    }

    @Test
    void runWhenServletsButNoCsrfFilterThenCsrfProtectionMissingAndWithItNone() {
        HardeningPolicy p = HardeningPolicy.builder().allowedHosts(List.of("example.com")).build();
        ServletContext unprotected = withFilters(Map.of("portcullis", HardeningFilter.class.getName(),
                "uploads", "io.portcullis.upload.UploadGuardFilter"));
        assertThat(DeployCheck.run(p, unprotected)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("CSRF_PROTECTION_MISSING");
            assertThat(f.severity()).isEqualTo(DeployCheck.Severity.WARNING);
            assertThat(f.key()).isEqualTo("portcullis.csrf");
            assertThat(f.message()).contains("io.portcullis.csrf.CsrfFilter", "after UploadGuardFilter");
        });
        // controls: csrf's filter, or Spring Security's chain (its own CSRF), under any filter name
        assertThat(DeployCheck.run(p, withFilters(Map.of("portcullis", HardeningFilter.class.getName(),
                "forms", "io.portcullis.csrf.CsrfFilter")))).isEmpty();
        assertThat(DeployCheck.run(p, withFilters(Map.of("springSecurityFilterChain",
                "org.springframework.web.filter.DelegatingFilterProxy")))).isEmpty();
    }

    @Test
    void runWhenContextSessionCookieUnhardenedThenError() {
        ServletContext context = mock(ServletContext.class);
        when(context.getSessionCookieConfig()).thenReturn(mock(SessionCookieConfig.class));
        HardeningPolicy p = HardeningPolicy.builder().allowedHosts(List.of("example.com")).build();
        assertThat(DeployCheck.run(p, context)).extracting(DeployCheck.Finding::id).containsExactly("SESSION_COOKIE_NOT_HARDENED");
    }

    @Test
    void runWhenPublicHostsListedThenNoFindings() {
        assertThat(ids(HardeningPolicy.builder().allowedHosts(List.of("example.com")).build())).isEmpty();
    }

    /** key=value | expected id | severity | key named by the finding. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            portcullis.https.redirect=false                   | HTTPS_REDIRECT_OFF   | ERROR   | portcullis.https.redirect
            portcullis.report-only.https=true                 | HTTPS_REPORT_ONLY    | WARNING | portcullis.report-only.https
            portcullis.hsts.enabled=false                     | HSTS_OFF             | ERROR   | portcullis.hsts.enabled
            portcullis.hsts.max-age=86400                     | HSTS_SHORT           | WARNING | portcullis.hsts.max-age
            portcullis.hsts.clear=true                        | HSTS_CLEAR           | WARNING | portcullis.hsts.clear
            portcullis.cookies.secure=off                     | COOKIES_NOT_SECURE   | ERROR   | portcullis.cookies.secure
            portcullis.cookies.http-only=false                | COOKIES_HTTPONLY_OFF | WARNING | portcullis.cookies.http-only
            portcullis.cookies.same-site=None                 | COOKIES_SAMESITE_WEAK | WARNING | portcullis.cookies.same-site
            portcullis.report-only.cookies=true               | COOKIES_REPORT_ONLY  | WARNING | portcullis.report-only.cookies
            portcullis.csp.policy=off                         | CSP_OFF              | WARNING | portcullis.csp.policy
            `portcullis.csp.policy=default-src 'self' 'unsafe-inline'` | CSP_UNSAFE_INLINE | WARNING | portcullis.csp.policy
            `portcullis.csp.policy=default-src 'self'; script-src 'self' 'unsafe-eval'` | CSP_UNSAFE_EVAL | WARNING | portcullis.csp.policy
            portcullis.headers.frame-options=off              | -                    | -       | -
            portcullis.proxy.trusted=0.0.0.0/0                | PROXY_TRUSTS_EVERYONE | ERROR  | portcullis.proxy.trusted
            `portcullis.proxy.trusted=10.0.0.0/8, ::/0`       | PROXY_TRUSTS_EVERYONE | ERROR  | portcullis.proxy.trusted
            `portcullis.proxy.trusted=10.0.0.0/8, ::1/128`    | -                    | -       | -
            """)
    void runWhenWeakenedThenFindingNamesTheKey(String setting, String id, String severity, String key) {
        String[] kv = setting.split("=", 2);
        HardeningPolicy p = HardeningPolicy.fromSettings(Settings.of(Fakes.map(kv[0], kv[1], "portcullis.hosts.allowed", "example.com")));
        List<DeployCheck.Finding> findings = DeployCheck.run(p);
        if (id.equals("-")) {
            assertThat(findings).isEmpty();
            return;
        }
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo(id);
            assertThat(f.severity()).hasToString(severity);
            assertThat(f.key()).isEqualTo(key);
        });
    }

    @Test
    void runWhenFramingAllowedEverywhereThenWarned() {
        HardeningPolicy p = HardeningPolicy.builder().allowedHosts(List.of("example.com"))
                .frameOptions(HardeningPolicy.FrameOptions.OFF).contentSecurityPolicy("default-src 'self'").build();
        assertThat(ids(p)).containsExactly("FRAMING_ALLOWED");
    }

    @Test
    void reportWhenFindingsThenOneBlockWithPolicyAndEachFinding() {
        HardeningPolicy p = HardeningPolicy.builder().hsts(false).build();
        String block = DeployCheck.report("HardeningFilter", p, DeployCheck.run(p));
        assertThat(block).startsWith("Portcullis HardeningFilter effective policy:\n  https: redirect=301/308")
                .contains("\n  hsts: off\n")
                .contains("deploy check: 2 findings")
                .contains("\n    ERROR HSTS_OFF: no Strict-Transport-Security header [portcullis.hsts.enabled]");
    }
}
