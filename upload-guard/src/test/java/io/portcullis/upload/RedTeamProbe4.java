package io.portcullis.upload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedTeamProbe4 {
    static final String B = "b0undary7MA4YWxk";
    @TempDir
    Path tmp;

    static byte[] body(String... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (String p : parts) {
            if (p.equals("PNG")) {
                o.writeBytes(Samples.png());
            } else {
                o.writeBytes(p.getBytes(StandardCharsets.UTF_8));
            }
        }
        return o.toByteArray();
    }

    @Test
    void probe() throws Exception {
        UploadGuardFilter filter = new UploadGuardFilter(UploadPolicy.builder().allow("png", "txt")
            .tempDir(Files.createDirectories(tmp.resolve("s"))).maxParts(8).build());
        String ct = "multipart/form-data; boundary=" + B;
        String d = "--" + B + "\r\n";
        String end = "\r\n--" + B + "--\r\n";
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("rfc2047-name", body(d, "Content-Disposition: form-data; name=\"=?UTF-8?B?YXZhdGFy?=\"; filename=\"a.png\"\r\n\r\n", "PNG", end));
        cases.put("rfc2047-name-q", body(d, "Content-Disposition: form-data; name=\"=?UTF-8?Q?avatar?=\"; filename=\"a.png\"\r\n\r\n", "PNG", end));
        cases.put("rfc2047-filename-half", body(d, "Content-Disposition: form-data; name=\"f\"; filename=\"=?UTF-8?B?ZXZpbC5waHA=.png\"\r\n\r\n", "PNG", end));
        cases.put("name-u2028", body(d, "Content-Disposition: form-data; name=\"a\u2028b\"; filename=\"a.png\"\r\n\r\n", "PNG", end));
        cases.put("name-nel", body(d, "Content-Disposition: form-data; name=\"a\u0085b\"; filename=\"a.png\"\r\n\r\n", "PNG", end));
        cases.put("name-semicolon", body(d, "Content-Disposition: form-data; name=\"a; filename=evil.php\"; filename=\"a.png\"\r\n\r\n", "PNG", end));
        cases.put("name-comma", body(d, "Content-Disposition: form-data; name=\"a,filename=evil.php\"; filename=\"a.png\"\r\n\r\n", "PNG", end));
        cases.put("name-eq", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a=b.png\"\r\n\r\n", "PNG", end));
        cases.put("filename-comma", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a,b.png\"\r\n\r\n", "PNG", end));
        cases.put("filename-percent22", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a%22.png\"\r\n\r\n", "PNG", end));
        cases.put("filename-nbsp", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a\u00a0.png\"\r\n\r\n", "PNG", end));
        cases.put("filename-ideographic-space-end", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a.png\u3000\"\r\n\r\n", "PNG", end));
        cases.put("name-trailing-nbsp", body(d, "Content-Disposition: form-data; name=\"x\u00a0\"; filename=\"a.png\"\r\n\r\n", "PNG", end));
        cases.put("name-trailing-ideo", body(d, "Content-Disposition: form-data; name=\"x\u3000\"; filename=\"a.png\"\r\n\r\n", "PNG", end));
        cases.put("ct-with-name", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a.png\"\r\nContent-Type: image/png; name=\"evil.php\"\r\n\r\n", "PNG", end));
        cases.put("field-ct-multipart-word-less", body(d, "Content-Disposition: form-data; name=\"x\"\r\nContent-Type: message/rfc822\r\n\r\nhello", end));
        cases.put("two-files-same-name", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a.png\"\r\n\r\n", "PNG", "\r\n", d, "Content-Disposition: form-data; name=\"x\"; filename=\"b.png\"\r\n\r\n", "PNG", end));
        cases.put("missing-close", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a.png\"\r\n\r\n", "PNG", "\r\n--" + B + "\r\n"));
        cases.put("close-no-crlf", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a.png\"\r\n\r\n", "PNG", "\r\n--" + B + "--"));
        cases.put("content-id", body(d, "Content-Disposition: form-data; name=\"x\"; filename=\"a.png\"\r\nContent-ID: <evil.php>\r\nContent-Location: evil.php\r\n\r\n", "PNG", end));
        StringBuilder sb = new StringBuilder();
        for (var e : cases.entrySet()) {
            var o = MultipartDifferentialTest.check(filter, ct, e.getValue());
            sb.append(e.getKey()).append(" => ").append(o).append('\n');
            for (AppParsers.Seen s : AppParsers.all(ct, e.getValue())) {
                sb.append("     raw ").append(s.parser()).append(' ').append(s.files()).append(s.failure() == null ? "" : " FAIL " + s.failure()).append('\n');
            }
        }
        Files.writeString(Path.of("/tmp/redteam-probe4.txt"), sb.toString());
    }
}
