package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 in the demo: upload-guard's {@code UploadGuardFilter} in front of {@code POST /upload}
 * refuses the multipart-level attacks with the filter's own reason codes, as problem+json, and
 * nothing is stored or left in a temp directory. Each attack sits beside its control: the same
 * request, made harmless, is accepted (201).
 */
class MultipartAttacksTest {

    private static final byte[] PHP = "<?php system($_GET['c']); ?>\n".getBytes(StandardCharsets.UTF_8);

    private static DemoFixture demo;
    private static WebClient user;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoFixture.start();
        user = demo.newUser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    /** A body with the form's CSRF field and one file part under {@code disposition}. */
    private static byte[] body(String boundary, String token, String disposition, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n--"
                + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static HttpResponse<String> send(String method, String type, String disposition, byte[] content) {
        String boundary = "demo-attack-boundary";
        byte[] body = body(boundary, user.csrfFrom("/upload"), disposition, content);
        return user.send(HttpRequest.newBuilder(user.base.resolve("/upload")).header("Origin", user.origin())
                .header("Content-Type", type + "; boundary=" + boundary)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static HttpResponse<String> formData(String disposition, byte[] content) {
        return send("POST", "multipart/form-data", disposition, content);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"code\":\"" + code + "\"").doesNotContain("Exception", "at org.", "<html");
        assertNothingKept();
    }

    private static long stored() throws Exception {
        try (Stream<Path> s = Files.list(demo.dataDir.resolve("uploads/data"))) {
            return s.count();
        }
    }

    private static long storedBefore;

    private static void assertNothingKept() throws Exception {
        assertThat(stored()).as("stored files").isEqualTo(storedBefore);
        try (Stream<Path> s = Files.walk(demo.dataDir.resolve("tmp"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("spooled parts").isEmpty();
        }
        assertThat(Files.list(demo.dataDir.resolve("uploads/tmp")).count()).as("store staging").isZero();
    }

    private static void assertAccepted(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        storedBefore = stored();
    }

    @Test
    void multipartMixedWithAFilePartIs415TypeRefusedAndFormDataIsInspected() throws Exception {
        storedBefore = stored();
        assertProblem(send("POST", "multipart/mixed", "form-data; name=\"file\"; filename=\"evil.php\"", PHP), 415,
                "MULTIPART_TYPE_REFUSED");
        assertProblem(send("POST", "Multipart/Related", "form-data; name=\"file\"; filename=\"a.png\"",
                BrowserTourTest.png()), 415, "MULTIPART_TYPE_REFUSED");
        // control: the same PNG as multipart/form-data
        assertAccepted(formData("form-data; name=\"file\"; filename=\"a.png\"", BrowserTourTest.png()));
    }

    @Test
    void theSameBodyWithAnotherMethodOrALowerCasePostIsRefusedBeforeItIsRead() throws Exception {
        storedBefore = stored();
        for (String method : new String[] {"DELETE", "PUT", "PATCH", "post", "FOO"}) {
            HttpResponse<String> r = send(method, "multipart/form-data", "form-data; name=\"file\"; filename=\"evil.php\"", PHP);
            // the route table decides first: no route takes this method, so the body is never read
            assertProblem(r, 405, "method-not-allowed");
            assertThat(r.headers().firstValue("Allow")).as(method).hasValue("GET, POST, HEAD");
        }
        // and the same evil.php with POST is inspected and refused by the guard
        assertProblem(send("POST", "multipart/form-data", "form-data; name=\"file\"; filename=\"evil.php\"", PHP), 415,
                "EXTENSION_NOT_ALLOWED");
        // control: a harmless PNG with POST
        assertAccepted(formData("form-data; name=\"file\"; filename=\"b.png\"", BrowserTourTest.png()));
    }

    @Test
    void ambiguousContentDispositionIs400MultipartAmbiguous() throws Exception {
        storedBefore = stored();
        // issue 9: the filter must not read a field where Spring's ContentDisposition.parse reads a file evil.php
        assertProblem(formData("form-data; name=\"file\"; \"j=\" x; filename=evil.php; k=a\"", PHP), 400,
                "MULTIPART_AMBIGUOUS");
        assertProblem(formData("form-data; name=\"file\"; \"j=\" x; filename=evil.php; k=a\"; filename=\"a.png\"",
                BrowserTourTest.png()), 400, "MULTIPART_AMBIGUOUS");
        // two filenames: upload-guard's code for an ambiguous name
        assertProblem(formData("form-data; name=\"file\"; filename=\"a.png\"; filename=\"evil.php\"",
                BrowserTourTest.png()), 400, "FILENAME_AMBIGUOUS");
        // control: one plain, unambiguous header with the same bytes
        assertAccepted(formData("form-data; name=\"file\"; filename=\"a.png\"", BrowserTourTest.png()));
    }

    @Test
    void evilPhpIs415ExtensionNotAllowedWithTheGuardsReasons() throws Exception {
        storedBefore = stored();
        HttpResponse<String> r = formData("form-data; name=\"file\"; filename=\"evil.php\"", PHP);
        assertProblem(r, 415, "EXTENSION_NOT_ALLOWED");
        // the same verdict as the library and `checkup uploads` give (all three run UploadGuard)
        assertThat(FilesAndSharingTest.reasons(r.body())).startsWith("EXTENSION_NOT_ALLOWED");
        assertThat(r.body()).contains("\"detectedType\":\"text/x-php\"");
        // control: the same upload named and made as what it claims to be
        assertAccepted(formData("form-data; name=\"file\"; filename=\"evil.txt\"",
                "just text, no code\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBrowserSeesTheGuardsRefusalAsTheVerdictPageWithTheSameCodes() throws Exception {
        storedBefore = stored();
        String boundary = "demo-attack-boundary";
        HttpResponse<String> r = user.send(HttpRequest.newBuilder(user.base.resolve("/upload"))
                .header("Origin", user.origin()).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(boundary, user.csrfFrom("/upload"),
                        "form-data; name=\"file\"; filename=\"evil.php\"", PHP))).build());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("data-accepted=\"false\"", "<code id=\"reasons\">EXTENSION_NOT_ALLOWED", "text/x-php");
        assertNothingKept();
    }
}
