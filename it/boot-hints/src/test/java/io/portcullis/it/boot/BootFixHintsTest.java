package io.portcullis.it.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * checkup's fix hints against a real Spring Boot 4 application (embedded Tomcat 11, HTTPS with
 * Boot's own {@code server.ssl.*} keys), audited by the packaged {@code checkup.jar} as a user
 * runs it: without Portcullis (the starter's auto-configuration excluded), the same after its owner
 * applied the Boot hints for cookies (the positive control: the hints work), and with the starter
 * (one setting weakened, {@code portcullis.hsts.max-age=600}, so that a hint is due). The
 * starter with its defaults passes every check, so it would show no hint at all.
 */
class BootFixHintsTest {

    private static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    private static final String NO_STARTER =
            "--spring.autoconfigure.exclude=io.portcullis.boot.PortcullisAutoConfiguration";
    private static JsonNode plainReport;
    private static JsonNode hintsAppliedReport;
    private static JsonNode starterReport;

    @BeforeAll
    static void startAndAudit() throws Exception {
        plainReport = startAndAudit(NO_STARTER);
        hintsAppliedReport = startAndAudit(NO_STARTER, "--server.servlet.session.cookie.secure=true",
                "--server.servlet.session.cookie.same-site=lax", "--app.hints-applied=true");
        starterReport = startAndAudit("--portcullis.hsts.max-age=600");
    }

    private static JsonNode startAndAudit(String... args) throws Exception {
        try (ConfigurableApplicationContext app = start(args)) {
            return audit(app);
        }
    }

    private static ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--server.ssl.key-store=file:" + CERT.keyStore(),
                "--server.ssl.key-store-password=" + SelfSignedCertificate.PASSWORD,
                "--server.ssl.key-store-type=PKCS12", "--server.ssl.key-alias=" + SelfSignedCertificate.ALIAS,
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(extra));
        return new SpringApplication(BootApp.class).run(args.toArray(String[]::new));
    }

    /** Runs {@code java -jar checkup.jar site https://localhost:PORT/ --json --cacert …} and reads its JSON. */
    private static JsonNode audit(ConfigurableApplicationContext app) throws IOException, InterruptedException {
        String port = app.getEnvironment().getProperty("local.server.port");
        Path jar = Path.of(System.getProperty("checkup.jar", "../../checkup/target/checkup.jar"));
        assertThat(jar).as("checkup.jar is built by `package` before this test").isRegularFile();
        Path out = Files.createTempFile("boot-checkup-", ".json");
        Path err = Files.createTempFile("boot-checkup-", ".err");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    jar.toString(), "site", "https://localhost:" + port + "/", "--json", "--cacert", CERT.pem().toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("checkup finished").isTrue();
            String json = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(json).as(Files.readString(err)).startsWith("{");
            return JsonMapper.builder().build().readTree(json);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Map<String, JsonNode> checks(JsonNode report) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        report.get("checks").forEach(c -> out.put(c.get("id").asString(), c));
        return out;
    }

    private static String fix(JsonNode report, String id) {
        JsonNode c = checks(report).get(id);
        assertThat(c).as(id + " in " + checks(report).keySet()).isNotNull();
        return c.get("fix").isNull() ? null : c.get("fix").asString();
    }

    private static String detail(JsonNode report, String id) {
        return checks(report).get(id).get("detail").asString();
    }

    private static String status(JsonNode report, String id) {
        return checks(report).get(id).get("status").asString();
    }

    @Test
    void bootWithoutPortcullisIsRecognisedAsSpringBootFromItsOwnAnswers() {
        // Boot's Tomcat sends no Server header and Boot answers the errors itself (error JSON)
        assertThat(detail(plainReport, "behaviour.software")).contains("Spring Boot")
                .doesNotContain("Portcullis", "Tomcat");
    }

    @Test
    void withoutPortcullisTheHintsNameBootPropertiesAndNoPortcullisKey() {
        assertThat(fix(plainReport, "cookies.secure")).startsWith("Spring Boot: server.servlet.session.cookie.secure=true")
                .contains("Cookie.setSecure(true)");
        assertThat(fix(plainReport, "cookies.same-site")).startsWith(
                "Spring Boot: server.servlet.session.cookie.same-site=lax").contains("CookieSameSiteSupplier");
        assertThat(fix(plainReport, "hsts.present")).startsWith("Spring Boot: Spring Security: headers.httpStrict");
        assertThat(fix(plainReport, "headers.nosniff")).contains("without Spring Security, a filter");
        List<String> hints = new ArrayList<>();
        checks(plainReport).values().forEach(c -> {
            if (!c.get("fix").isNull()) {
                hints.add(c.get("id").asString() + " -> " + c.get("fix").asString());
            }
        });
        assertThat(hints).hasSizeGreaterThan(5).noneMatch(h -> h.contains("portcullis."))
                .allMatch(h -> h.contains(" -> Spring Boot: ") || !h.contains("Spring"));
    }

    @Test
    void theSessionCookieIsAlreadySecureOnBootsHttpsSoTheHintMustSpeakOfTheApplicationsCookie() {
        // what the real app showed: Tomcat marks JSESSIONID Secure on HTTPS by itself; only the
        // application's cookie lacks it, which server.servlet.session.cookie.secure cannot fix
        assertThat(status(plainReport, "cookies.secure")).isEqualTo("fail");
        assertThat(detail(plainReport, "cookies.secure")).contains("prefs").doesNotContain("JSESSIONID");
        assertThat(detail(plainReport, "cookies.same-site")).contains("JSESSIONID", "prefs");
    }

    @Test
    void applyingTheBootHintsMakesTheCookieFindingsPass() {
        assertThat(status(hintsAppliedReport, "cookies.secure")).as(detail(hintsAppliedReport, "cookies.secure"))
                .isEqualTo("pass");
        assertThat(status(hintsAppliedReport, "cookies.same-site")).as(detail(hintsAppliedReport, "cookies.same-site"))
                .isEqualTo("pass");
        assertThat(status(plainReport, "cookies.same-site")).isEqualTo("warn");
    }

    @Test
    void withTheStarterPortcullisIsRecognisedAndTheHintIsThePortcullisKey() {
        assertThat(detail(starterReport, "behaviour.software")).contains("Portcullis", "Spring Boot");
        assertThat(status(starterReport, "hsts.max-age")).isEqualTo("fail");
        assertThat(fix(starterReport, "hsts.max-age")).isEqualTo("portcullis.hsts.max-age=31536000");
        // the starter hardens the application's own cookie too
        assertThat(status(starterReport, "cookies.secure")).isEqualTo("pass");
        assertThat(status(starterReport, "cookies.same-site")).isEqualTo("pass");
    }
}
