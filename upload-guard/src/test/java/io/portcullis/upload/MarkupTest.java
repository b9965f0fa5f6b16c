package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The browser-sniffing rule's first-byte shortcut decides exactly as the full scan would. */
class MarkupTest {

    @Test
    void sniffWhenAnyFirstByteThenTagOnlyAfterWhatBrowsersSkip() {
        for (int b = 0; b < 256; b++) {
            byte[] head = withFirst(b, "<script>alert(1)</script>");
            boolean skipped = b == '\t' || b == '\n' || b == '\f' || b == '\r' || b == ' ' || b == 0;
            String expected = b == '<' ? null : skipped ? "<script" : null;
            if (b == '<') {
                // "<<script>": a tag-open followed by another '<' is not a scriptable tag
                assertThat(Markup.sniffScriptable(head, false)).as("first byte 0x%02x", b).isNull();
            } else {
                assertThat(Markup.sniffScriptable(head, false)).as("first byte 0x%02x", b).isEqualTo(expected);
            }
        }
    }

    @Test
    void sniffWhenByteOrderMarkBeforeTheTagThenTagFound() {
        byte[] utf8 = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "  <html>".getBytes(StandardCharsets.US_ASCII));
        byte[] utf16le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "<html>".getBytes(StandardCharsets.UTF_16LE));
        byte[] utf16be = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, "<html>".getBytes(StandardCharsets.UTF_16BE));
        assertThat(Markup.sniffScriptable(utf8, false)).isEqualTo("<html");
        assertThat(Markup.sniffScriptable(utf16le, false)).isEqualTo("<html");
        assertThat(Markup.sniffScriptable(utf16be, false)).isEqualTo("<html");
        // control: the same bytes after an ordinary first character are text
        assertThat(Markup.sniffScriptable(withFirst('x', "<html>"), false)).isNull();
    }

    private static byte[] withFirst(int b, String rest) {
        return concat(new byte[] {(byte) b}, rest.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
