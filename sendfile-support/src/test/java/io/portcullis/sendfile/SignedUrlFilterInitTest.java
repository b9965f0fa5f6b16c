package io.portcullis.sendfile;

import static io.portcullis.sendfile.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.EmbeddedJetty;
import io.portcullis.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web.xml way: no-arg filter, keys from init-params (the same keys as system properties or the properties file). */
class SignedUrlFilterInitTest {

    @Test
    void filterConfiguredByInitParamsVerifiesLinksSignedWithTheSameKeys() {
        String k1 = Base64.getEncoder().encodeToString(UrlSignerTest.K1);
        String k2 = Base64.getEncoder().encodeToString(UrlSignerTest.K2);
        Map<String, String> init = Map.of("portcullis.signed-url.key.k1", k1, "portcullis.signed-url.key.k2", k2,
                "portcullis.signed-url.current-key", "k2");
        HttpServlet ok = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().print("app:" + req.getAttribute(SignedUrlFilter.ATTRIBUTE));
            }
        };
        try (TestServer s = EmbeddedJetty.builder().filter("signed", new SignedUrlFilter(), "/s/*", init)
                .servlet("ok", ok, "/s/*").start()) {
            UrlSigner old = UrlSigner.builder().key("k1", UrlSignerTest.K1).build();
            String url = old.link("/s/x").expiresIn(Duration.ofMinutes(1)).sign();
            var r = get(s.http(url));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new String(r.body())).isEqualTo("app:VALID");
            assertThat(get(s.http("/s/x")).statusCode()).isEqualTo(403);
        }
    }
}
