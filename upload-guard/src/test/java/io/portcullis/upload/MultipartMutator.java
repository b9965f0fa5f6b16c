package io.portcullis.upload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of multipart requests for the differential test: well-formed bodies built from
 * parts an attacker would send (a clean PNG, PHP under many names, form fields), then mutated where
 * parsers are known to disagree — Content-Disposition grammar, header lines and line ends,
 * boundaries, preamble and epilogue, nested multipart, request Content-Type — plus blind byte
 * edits near the structure.
 */
final class MultipartMutator {

    /** One generated request. */
    record Request(String contentType, byte[] body, String recipe) {
    }

    static final String BOUNDARY = "b0undary7MA4YWxk";

    private static final byte[] PHP = "<?php system($_GET['c']); ?>\n".getBytes(StandardCharsets.US_ASCII);
    private static final String[] FILENAMES = {"a.png", "evil.php", "a.png.php", "shell.jsp", "x.PNG", "Ünïcødé.png",
        "a b.png", "a;b.png", "..%2fa.png", "a.txt", ""};
    private static final String[] DISPOSITION_TRICKS = {
        "form-data; name=\"f\"; \"j=\" x; filename=evil.php; k=a\"",
        "form-data; name=\"f\"; filename=\"a.png\"; \"j=\" x; filename=evil.php; k=a\"",
        "form-data; name=\"f\"; filename=evil.php",
        "form-data; name=f; filename=a.png",
        "form-data; name=\"f\"; filename =\"evil.php\"",
        "form-data; name=\"f\"; filename= \"evil.php\"",
        "form-data; name=\"f\"; filename=\"a.png\"; filename=\"evil.php\"",
        "form-data; name=\"f\"; filename*=UTF-8''evil.php",
        "form-data; name=\"f\"; filename=\"a.png\"; filename*=UTF-8''evil.php",
        "form-data; name=\"f\"; FileName=\"evil.php\"",
        "form-data; name=\"f\";filename=\"evil.php\"",
        "form-data;name=\"f\";filename=\"a.png\"",
        "form-data; name=\"f\"; filename=\"a\\\"b.png\"",
        "form-data; name=\"f\"; filename=\"C:\\\\evil.php\"",
        "form-data; name=\"f\"; filename=\"=?UTF-8?B?ZXZpbC5waHA=?=\"",
        "form-data; name=\"=?UTF-8?B?Zg==?=\"; filename=\"a.png\"",
        "form-data; name=\"=?UTF-8?Q?file?=\"",
        "form-data; name=\"f\"; filename=\"evil.php",
        "form-data; name=\"f\"; filename=\"a.png\"x",
        "form-data; name=\"f\"; filename=\"a.png\" ; x=1",
        "form-data; name=\"f\" filename=\"evil.php\"",
        "form-data; name=\"f\"; filename=\"a.png\";",
        "form-data; name=\"f\";; filename=\"a.png\"",
        "attachment; name=\"f\"; filename=\"evil.php\"",
        "Form-Data; name=\"f\"; filename=\"a.png\"",
        "form-data ; name=\"f\"; filename=\"a.png\"",
        "form-data; name=\"f\"; filename=\"a.png\"; size=12; creation-date=\"Wed, 12 Feb 1997 16:29:51 -0500\"",
        "form-data; name=\"f\"; filename=\"evil.php\u0000.png\"",
        "form-data; name=\"f\"; filename=''evil.php''",
        "form-data; name=\"f\"; filename='a.png'",
        "form-data; name=\"f\"; name=\"g\"; filename=\"a.png\"",
        "form-data; filename=\"a.png\"",
        "form-data; name=\"f\"; filename=\"a.png\" filename=\"evil.php\"",
        "form-data; name=\"f\"; filename=\"a.png\";filename=\"evil.php\"",
        "form-data; name=\"f\"; file\"name=\"evil.php\"",
        "form-data; name=\"f\"; x=\"; filename=evil.php",
        "form-data; name=\"f\"; x=\";\"; filename=\"a.png\"",
        "form-data; name=\"f\"; filename=\"a.png\"\t",
        "form-data; name=\"f\"; filename=a.png,evil.php",
    };
    private static final String[] CONTENT_TYPES = {
        "multipart/form-data; boundary=" + BOUNDARY,
        "multipart/form-data; boundary=\"" + BOUNDARY + "\"",
        "multipart/form-data;boundary=" + BOUNDARY,
        "MULTIPART/FORM-DATA; BOUNDARY=" + BOUNDARY,
        "multipart/form-data; charset=utf-8; boundary=" + BOUNDARY,
        "multipart/form-data; boundary=" + BOUNDARY + "; boundary=other",
        "multipart/form-data; boundary=other; boundary=" + BOUNDARY,
        "multipart/form-data; boundary=" + BOUNDARY + ",x",
        "multipart/form-data; boundary = " + BOUNDARY,
        "multipart/mixed; boundary=" + BOUNDARY,
        "multipart/related; boundary=" + BOUNDARY,
        "Multipart/Form-Data; boundary=" + BOUNDARY,
        "multipart/form-data; boundary=\"" + BOUNDARY + "\"x",
        "multipart/form-data, boundary=" + BOUNDARY,
        "multipart/form-data; boundary=" + BOUNDARY + "; charset=ISO-8859-1",
        "multipart/form-data; charset=Shift_JIS; boundary=" + BOUNDARY,
    };

    private final Random random;
    private final byte[] png;

    MultipartMutator(long seed, byte[] png) {
        this.random = new Random(seed);
        this.png = png;
    }

    Request next() {
        StringBuilder recipe = new StringBuilder();
        String contentType = CONTENT_TYPES[0];
        if (chance(0.15)) {
            contentType = pick(CONTENT_TYPES);
            recipe.append("ct:").append(contentType).append(' ');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String crlf = "\r\n";
        if (chance(0.05)) {
            String preamble = pick(new String[] {"preamble\r\n", "x--" + BOUNDARY + "\r\n", "\r\n", " ",
                "--" + BOUNDARY + "x\r\n"});
            out.writeBytes(ascii(preamble));
            recipe.append("preamble ");
        }
        int parts = 1 + random.nextInt(2);
        for (int i = 0; i < parts; i++) {
            writePart(out, recipe);
        }
        String close = "--" + BOUNDARY + "--" + crlf;
        if (chance(0.05)) {
            close = pick(new String[] {"--" + BOUNDARY + "--", "--" + BOUNDARY + "--x\r\n", "--" + BOUNDARY + " --\r\n",
                "--" + BOUNDARY + "--\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"z\"; "
                    + "filename=\"evil.php\"\r\n\r\n<?php ?>\r\n--" + BOUNDARY + "--\r\n", "",
                "--" + BOUNDARY + "--\r\n\r\n"});
            recipe.append("close ");
        }
        out.writeBytes(ascii(close));
        byte[] body = out.toByteArray();
        if (chance(0.10)) {
            body = blindEdit(body);
            recipe.append("blind ");
        }
        return new Request(contentType, body, recipe.toString().strip());
    }

    private void writePart(ByteArrayOutputStream out, StringBuilder recipe) {
        String delimiterEnd = "\r\n";
        if (chance(0.04)) {
            delimiterEnd = pick(new String[] {"\n", "  \r\n", "\t\r\n", "x\r\n", "\r"});
            recipe.append("delim ");
        }
        out.writeBytes(ascii("--" + BOUNDARY + delimiterEnd));
        boolean file = chance(0.7);
        String filename = chance(0.6) ? pick(new String[] {"a.png", "x.PNG", "Ünïcødé.png", "a b.png", "a.txt"})
                : pick(FILENAMES);
        String disposition = file ? "form-data; name=\"" + pick(new String[] {"f", "file", "g"}) + "\"; filename=\""
                + filename + "\"" : "form-data; name=\"" + pick(new String[] {"f", "title", "file"}) + "\"";
        if (chance(0.2)) {
            disposition = pick(DISPOSITION_TRICKS);
            recipe.append("cd ");
        }
        if (chance(0.1)) {
            disposition = insertNoise(disposition);
            recipe.append("cdnoise ");
        }
        List<String> headers = new ArrayList<>();
        headers.add(pick(new String[] {"Content-Disposition", "content-disposition", "CONTENT-DISPOSITION"}) + ": "
                + disposition);
        if (chance(0.5)) {
            headers.add("Content-Type: " + (file ? "image/png" : "text/plain"));
        }
        if (chance(0.08)) {
            headers.add(pick(new String[] {
                "Content-Disposition: form-data; name=\"f\"; filename=\"evil.php\"",
                "X-Note: a\nContent-Disposition: form-data; name=\"f\"; filename=\"evil.php\"",
                "X-Note: a\rContent-Disposition: form-data; name=\"f\"; filename=\"evil.php\"",
                " filename=\"evil.php\"",
                "\tfilename=\"evil.php\"",
                "Content-Transfer-Encoding: base64",
                "Content-Transfer-Encoding: quoted-printable",
                "Content-Type: multipart/mixed; boundary=inner",
                "Content-Type: Multipart/Mixed; boundary=inner",
                "Content-Disposition : form-data; name=\"f\"; filename=\"evil.php\"",
                "Content-Disposition:form-data; name=\"f\"; filename=\"evil.php\"",
            }));
            recipe.append("hdr ");
        }
        if (chance(0.1)) {
            java.util.Collections.shuffle(headers, random);
        }
        String eol = chance(0.03) ? "\n" : "\r\n";
        for (String h : headers) {
            out.writeBytes((h + eol).getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(ascii(eol));
        byte[] content;
        if (headers.stream().anyMatch(h -> h.toLowerCase().contains("multipart/mixed"))) {
            content = ascii("--inner\r\nContent-Disposition: file; filename=\"evil.php\"\r\n\r\n<?php ?>\r\n--inner--");
        } else if (!file) {
            content = ascii(pick(new String[] {"hello", "", "--" + BOUNDARY.substring(0, 5), "a\r\n--" + BOUNDARY + "x"}));
        } else {
            content = filename.endsWith(".php") || filename.endsWith(".jsp") ? PHP
                    : filename.endsWith(".txt") ? ascii("just text\n") : png;
            if (chance(0.05)) {
                content = concat(content, ascii(pick(new String[] {"\r\n--" + BOUNDARY, "\n--" + BOUNDARY + "\r\n",
                    "\r\n--" + BOUNDARY + "-", "\r--" + BOUNDARY + "\r\n"})), PHP);
                recipe.append("inbody ");
            }
        }
        out.writeBytes(content);
        out.writeBytes(ascii("\r\n"));
    }

    private String insertNoise(String s) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(b.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> b.insert(at, pick(new String[] {"\"", "'", ";", "=", "\\", " ", "\t", ",", "*"}));
                case 1 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < b.length()) {
                        b.setCharAt(at, Character.toUpperCase(b.charAt(at)));
                    }
                }
            }
        }
        return b.toString();
    }

    private byte[] blindEdit(byte[] body) {
        byte[] b = body.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(b.length);
            byte[] pool = {'\r', '\n', '-', '"', ';', ' ', '=', 0};
            b[at] = pool[random.nextInt(pool.length)];
        }
        return b;
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
