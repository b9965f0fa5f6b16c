package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar checkup.jar} gets no {@code -Djdk.httpclient.allowRestrictedHeaders=host}
 * (surefire sets it for tests): run the command in a fresh JVM without it and check the forged
 * Host really reaches the server. The bare site echoes Host into its redirect, so a "fail" proves
 * the header was forged; the hardened site's 400 is the control.
 */
class ForgedHostWithoutFlagTest {

    private static JsonNode runInFreshJvm(String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.portcullis.checkup.Checkup", "site", url, "--json", "--cacert", SiteFixtures.CERT.pem().toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
    }

    private static String status(JsonNode report, String id) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("id").asText().equals(id)) {
                return c.get("status").asText() + ": " + c.get("detail").asText();
            }
        }
        throw new AssertionError("no " + id);
    }

    @Test
    void forgedHostReachesTheServerWithoutCommandLineFlag() throws Exception {
        JsonNode weak = runInFreshJvm(SiteFixtures.bare().http("/r/").toString());
        assertThat(status(weak, "transport.forged-host.http")).startsWith("fail: Host: checkup-evil.example");
        JsonNode good = runInFreshJvm(SiteFixtures.hardened().http("/").toString());
        assertThat(status(good, "transport.forged-host.http")).startsWith("pass").contains("answered 400");
    }
}
