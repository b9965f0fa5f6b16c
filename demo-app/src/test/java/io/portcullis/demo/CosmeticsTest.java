package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a person sees: titles, times, the cookie table, the favicon, wording. */
class CosmeticsTest {

    private static DemoFixture demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    private static String title(String html) {
        return html.replaceAll("(?s).*<title>([^<]*)</title>.*", "$1");
    }

    @Test
    void titlesNameTheSiteOnce() {
        assertThat(title(demo.https().get("/").body())).isEqualTo("Portcullis demo");
        assertThat(title(demo.https().get("/login").body())).isEqualTo("Log in · Portcullis demo");
    }

    @Test
    void homePageSaysWhoDeliversDownloadsInWordsAndHasTheLogInForm() {
        String home = demo.https().get("/").body();
        assertThat(home).doesNotContain("delivered by direct").contains("streamed by the app itself");
        assertThat(home).contains("<form method=\"post\" action=\"/login\">", "name=\"csrf\"", "id=\"login\"");
    }

    @Test
    void timesAreShownToTheSecondInUtc() {
        WebClient c = demo.newUser();
        c.postFile("/upload", java.util.Map.of("csrf", c.csrfFrom("/upload")), "a.txt", "text/plain", "hi\n".getBytes());
        for (String page : List.of("/account", "/files")) {
            String body = c.get(page).body();
            assertThat(body).as(page).containsPattern("20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC")
                    .doesNotContainPattern("T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]+Z");
        }
    }

    @Test
    void securityReportCookieTableHasEachAttributeOnceAndNoEmptyRow() {
        String body = demo.newUser().get("/security").body();
        String table = body.replaceAll("(?s).*<h2>Session cookie</h2><table>(.*?)</table>.*", "$1");
        Matcher m = Pattern.compile("<tr><th>([^<]*)</th><td>([^<]*)</td></tr>").matcher(table);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
            assertThat(m.group(2)).as(m.group(1)).isNotBlank();
        }
        assertThat(names).doesNotHaveDuplicates().contains("name", "secure", "httponly", "samesite", "path");
    }

    @Test
    void faviconIsServed() {
        HttpResponse<byte[]> r = demo.https().getBytes("/favicon.ico");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(r.body()).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }
}
