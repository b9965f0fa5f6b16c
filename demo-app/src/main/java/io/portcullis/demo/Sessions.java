package io.portcullis.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** Who is logged in, kept in the servlet session. */
final class Sessions {

    static final String USER = "io.portcullis.demo.user";

    private Sessions() {
    }

    static String user(HttpServletRequest request) {
        HttpSession s = request.getSession(false);
        return s == null ? null : (String) s.getAttribute(USER);
    }

    /**
     * Logs {@code user} in: a new session id (no fixation, via {@code changeSessionId}) and a
     * new CSRF token, so nothing an attacker planted before login survives it.
     */
    static void login(HttpServletRequest request, String user) {
        request.getSession(true);
        request.changeSessionId();
        HttpSession s = request.getSession(false);
        s.setAttribute(USER, user);
        Csrf.rotate(s);
    }

    static void logout(HttpServletRequest request) {
        HttpSession s = request.getSession(false);
        if (s != null) {
            s.invalidate();
        }
    }
}
