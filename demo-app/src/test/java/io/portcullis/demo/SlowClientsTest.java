package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow request bodies: forms are read without holding a worker thread, so a crowd of clients
 * sending a byte now and then does not delay anyone else; a body slower than the minimum data
 * rate is cut off; a request the router refuses from its headers alone never waits for its body.
 */
class SlowClientsTest {

    private static final int SLOW = 100;
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

    private static String slowPost(String path, int length) {
        // with the Origin a browser sends, so only the form's token (in the slow body) can decide
        return "POST " + path + " HTTP/1.1\r\nHost: localhost:" + demo.server.httpsPort() + "\r\n"
                + "Origin: https://localhost:" + demo.server.httpsPort() + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + length + "\r\n\r\n";
    }

    @Test
    void hundredSlowAnonymousFormBodiesDoNotDelayOtherRequests() throws Exception {
        List<RawTls> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW; i++) { // more than the 64 worker threads
                RawTls t = new RawTls(demo.server.httpsUri(), demo.server.certificatePem());
                slow.add(t);
                t.send(slowPost(i % 2 == 0 ? "/login" : "/signup", 400) + "c");
            }
            WebClient c = demo.https();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(c.base.resolve("/")).timeout(Duration.ofSeconds(15))
                        .GET().build());
                assertThat(r.statusCode()).isEqualTo(200);
            }
            String name = DemoFixture.newName(); // a whole sign-up and log-in too
            assertThat(demo.https().signUp(name, DemoFixture.password()).statusCode()).isEqualTo(303);
            for (RawTls t : slow) {
                t.send("s"); // all of them still connected and waiting for the rest of their bodies
            }
        } finally {
            for (RawTls t : slow) {
                t.close();
            }
        }
    }

    @Test
    void bodySlowerThanTheMinimumRateIsCutOff() throws Exception {
        try (RawTls t = new RawTls(demo.server.httpsUri(), demo.server.certificatePem())) {
            t.send(slowPost("/login", 2000) + "csrf=");
            String status = "";
            for (int i = 0; i < 40 && status.isEmpty(); i++) { // one byte every 500 ms: 2 B/s, far below 1 KiB/s
                Thread.sleep(500);
                try {
                    t.send("a");
                } catch (java.io.IOException closed) {
                    break;
                }
                if (t.in.available() > 0) {
                    status = t.statusLine();
                }
            }
            if (status.isEmpty()) {
                try {
                    status = t.statusLine();
                } catch (java.io.IOException e) {
                    status = "closed";
                }
            }
            // Jetty fails the read (the form loader answers 400, a servlet read 408) or just closes
            assertThat(status).isIn("HTTP/1.1 400 Bad Request", "HTTP/1.1 408 Request Timeout", "closed", "");
        }
        // control: a normal post on a new connection still works
        WebClient c = demo.https();
        assertThat(c.logIn(DemoFixture.newName(), "wrong password!").statusCode()).isEqualTo(401);
    }

    @Test
    void uploadRefusedFromItsHeadersNeverWaitsForItsBody() throws Exception {
        try (RawTls t = new RawTls(demo.server.httpsUri(), demo.server.certificatePem())) {
            // anonymous multipart upload announcing 5 MB and sending none of it
            t.send("POST /upload HTTP/1.1\r\nHost: localhost:" + demo.server.httpsPort() + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000000\r\n\r\n");
            assertThat(t.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden"); // login-required, decided at once
        }
        try (RawTls t = new RawTls(demo.server.httpsUri(), demo.server.certificatePem())) {
            t.send("POST /login HTTP/1.1\r\nHost: localhost:" + demo.server.httpsPort() + "\r\n"
                    + "Sec-Fetch-Site: cross-site\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    + "Content-Length: 5000000\r\n\r\n");
            assertThat(t.statusLine()).isEqualTo("HTTP/1.1 415 Unsupported Media Type");
        }
    }
}
