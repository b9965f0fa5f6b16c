package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slow urlencoded bodies hold no worker thread: Jetty's {@code EagerContentHandler} reads them
 * before the servlet runs. Looked at directly, in the demo's own thread pool: while 40 form
 * bodies trickle in, no worker thread is inside the demo's chain waiting for form fields.
 * Control: a logged-in user's slow multipart upload (read by upload-guard's filter on a worker
 * thread) is seen waiting there, so the detector works and the form requests had time to be dispatched.
 */
class EagerFormReadingTest {

    private static final int SLOW_FORMS = 40;

    /**
     * Worker threads of the demo's pool inside its chain ({@link RouteGate} is the demo's first own
     * filter; the CSRF filter, upload-guard and the {@link Router} run inside it), and what they are
     * waiting for.
     */
    private static List<String> routerThreads() {
        List<String> found = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (!e.getKey().getName().startsWith("demo")) {
                continue;
            }
            StringBuilder stack = new StringBuilder();
            for (StackTraceElement s : e.getValue()) {
                stack.append(s.getClassName()).append('.').append(s.getMethodName()).append('\n');
            }
            String st = stack.toString();
            if (st.contains(RouteGate.class.getName())) {
                found.add(st.contains("FormFields") ? "form"
                        : st.contains("UploadGuardFilter") || st.contains("MultiPart") || st.contains("getParts") ? "multipart"
                        : "other");
            }
        }
        return found;
    }

    @Test
    void slowFormBodiesWaitWithoutAWorkerThreadWhileASlowUploadHoldsOne() throws Exception {
        try (DemoFixture demo = DemoFixture.start()) {
            WebClient user = demo.newUser();
            String token = user.csrfFrom("/upload");
            String session = user.cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("JSESSIONID")).map(HttpCookie::toString).findFirst().orElseThrow();
            String host = "Host: localhost:" + demo.server.httpsPort() + "\r\n";
            List<RawTls> open = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_FORMS; i++) {
                    RawTls t = new RawTls(demo.server.httpsUri(), demo.server.certificatePem());
                    open.add(t);
                    t.send("POST " + (i % 2 == 0 ? "/login" : "/signup") + " HTTP/1.1\r\n" + host
                            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\ncsrf=");
                }
                RawTls upload = new RawTls(demo.server.httpsUri(), demo.server.certificatePem());
                open.add(upload);
                upload.send("POST /upload HTTP/1.1\r\n" + host + "Cookie: " + session + "\r\n"
                        + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n"
                        + "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n--b\r\n");

                List<String> inRouter = routerThreads();
                for (int i = 0; i < 200 && !inRouter.contains("multipart"); i++) {
                    Thread.sleep(50);
                    inRouter = routerThreads();
                }
                assertThat(inRouter).as("control: the slow upload waits in upload-guard on a worker thread")
                        .contains("multipart");
                for (RawTls t : open.subList(0, SLOW_FORMS)) {
                    t.send("a"); // still connected, still sending
                }
                assertThat(routerThreads()).as("no worker thread waits for a form body").doesNotContain("form");
            } finally {
                for (RawTls t : open) {
                    t.close();
                }
            }
        }
    }
}
