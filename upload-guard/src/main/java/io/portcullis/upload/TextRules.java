package io.portcullis.upload;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Rules for text families: server code and markup anywhere, RTF objects, CSV formulas, JSON shape. */
final class TextRules {

    private TextRules() {
    }

    static void check(Family family, FileChannel ch, long size, byte[] head, UploadPolicy policy, Budget budget,
                      Findings f) throws IOException {
        try {
            Windows.scan(ch, size, ServerCode.SPAN, budget, (b, len, pos) -> {
                String code = Markup.serverCode(b, 0, len);
                if (code == null) {
                    // a PHP short-tag block (<? system(...); ?>) or a <% ... %> block
                    code = ServerCode.find(b, 0, len, len);
                }
                if (code != null && !(code.equals("#!/") && pos > 0)) {
                    f.add(Reason.SERVER_CODE, "the text contains server-side code (" + code + ")");
                }
                if (family != Family.RTF) {
                    String script = Markup.scriptAnywhere(b, 0, len);
                    if (script != null) {
                        f.add(Reason.ACTIVE_CONTENT, "the text contains markup a browser would run (" + script + ")");
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        if (b[i] == '\\' && (Markup.matches(b, i, len, "\\objdata") || Markup.matches(b, i, len, "\\object")
                                || Markup.matches(b, i, len, "\\objautlink") || Markup.matches(b, i, len, "\\objlink"))) {
                            f.add(Reason.EMBEDDED_OBJECT, "the RTF embeds an OLE object");
                            break;
                        }
                    }
                }
            });
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "text " + e.getMessage());
            return;
        }
        if (family == Family.CSV && policy.rejectCsvFormulas()) {
            csv(ch, size, f);
        }
        if (family == Family.JSON) {
            String t = Markup.text(head, 0, Math.min(head.length, 64)).strip();
            if (!(t.startsWith("{") || t.startsWith("["))) {
                f.add(Reason.MALFORMED, "the JSON does not start with { or [");
            }
        }
    }

    private static void csv(FileChannel ch, long size, Findings f) throws IOException {
        if (size > 64L << 20) {
            f.add(Reason.CONTAINER_LIMIT, "the CSV is too large to check for formulas");
            return;
        }
        String text = new String(ZipInspector.read(ch, 0, (int) size).array(), StandardCharsets.UTF_8);
        boolean quoted = false;
        StringBuilder cell = new StringBuilder();
        int line = 1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
                continue;
            }
            if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
            } else if (c == ',' || c == ';' || c == '\t' || c == '\n' || c == '|') {
                if (formula(cell.toString())) {
                    f.add(Reason.CSV_FORMULA, "CSV line " + line + " has a cell a spreadsheet would run as a formula ("
                            + ZipInspector.printable(cell.toString().strip()) + ")");
                    return;
                }
                cell.setLength(0);
                if (c == '\n') {
                    line++;
                }
            } else if (c != '\r') {
                cell.append(c);
            }
        }
    }

    private static boolean formula(String cell) {
        String s = cell.stripLeading();
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        if (c != '=' && c != '+' && c != '-' && c != '@' && cell.charAt(0) != '\t' && cell.charAt(0) != '\r') {
            return false;
        }
        if (c == '=' || c == '@') {
            return true;
        }
        return !s.strip().matches("[+-]?[0-9][0-9.,eE+-]*%?") && !s.strip().matches("[+-]+");
    }
}
