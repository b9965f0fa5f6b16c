package io.portcullis.demo;

import io.portcullis.passwords.PasswordVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The as-you-type password feedback of the sign-up and change-password forms: a live region
 * under the password field, a nonce'd script that posts the field (with the form's CSRF token)
 * to {@code POST /password/check} 250 ms after the last keystroke, and that endpoint's JSON.
 * Submitting the form is enforced on the server whatever the script showed.
 */
final class PasswordFeedback {

    private PasswordFeedback() {
    }

    /**
     * Lets this response run its nonce'd script and fetch {@code /password/check}: the demo's
     * default policy has {@code script-src 'none'}, so the page sets its own, as the security
     * report does ({@link Hardening#SECURITY_PAGE_CSP}; the app's header wins over the filter's).
     */
    static void allowScript(Exchange x) {
        if (!x.nonce().isEmpty()) {
            String source = "'nonce-" + x.nonce() + "'";
            x.response().setHeader("Content-Security-Policy", String.format(Hardening.SECURITY_PAGE_CSP, source, source));
        }
    }

    /** The feedback region and its script, to put right after the {@code #new-password} field. */
    static String html(Exchange x) {
        return "<div id=\"pw-feedback\" aria-live=\"polite\"></div>"
                + "<script nonce=\"" + Html.esc(x.nonce()) + "\">" + SCRIPT + "</script>";
    }

    private static final String SCRIPT = """
            (function () {
              const pw = document.getElementById('new-password');
              const out = document.getElementById('pw-feedback');
              const form = pw.form;
              let timer = null, seq = 0;
              pw.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(check, 250); });
              async function check() {
                const mine = ++seq;
                const body = new URLSearchParams();
                body.set('csrf', form.elements['csrf'].value);
                body.set('password', pw.value);
                if (form.elements['username']) body.set('username', form.elements['username'].value);
                const r = await fetch('/password/check', {method: 'POST', body: body, credentials: 'same-origin', cache: 'no-store'});
                if (mine !== seq || !r.ok) return;
                const v = await r.json();
                out.textContent = '';
                const p = document.createElement('p');
                p.className = v.accepted ? 'ok' : 'bad';
                p.textContent = (v.accepted ? 'Good password' : 'Not accepted yet') + ' (strength ' + v.score + '/4'
                    + (v.patterns.length ? ': ' + v.patterns.join(' followed by ') : '') + ')';
                out.append(p);
                const ul = document.createElement('ul');
                for (const m of v.messages) { const li = document.createElement('li'); li.textContent = m; ul.append(li); }
                out.append(ul);
                out.dataset.reasons = v.reasons.join(',');
                out.dataset.accepted = String(v.accepted);
              }
            })();""";

    /** {@code {"accepted":…,"reasons":[…],"messages":[…],"score":…,"guessesLog10":…,"patterns":[…]}}, never cached. */
    static void writeJson(Exchange x, PasswordVerdict v) throws IOException {
        String json = "{\"accepted\":" + v.accepted()
                + ",\"reasons\":" + array(v.reasons().stream().map(Enum::name).toList())
                + ",\"messages\":" + array(v.failures().stream().map(PasswordVerdict.Failure::message).toList())
                + ",\"score\":" + v.strength().score()
                + ",\"guessesLog10\":" + String.format(Locale.ROOT, "%.2f", v.strength().guessesLog10())
                + ",\"patterns\":" + array(v.strength().patterns()) + "}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.response().setStatus(200);
        x.response().setContentType("application/json");
        x.response().setHeader("Cache-Control", "no-store");
        x.response().setContentLength(body.length);
        x.response().getOutputStream().write(body);
    }

    private static String array(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"');
            for (char c : v.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '<' -> b.append("\\u003c");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
        return b.append(']').toString();
    }
}
