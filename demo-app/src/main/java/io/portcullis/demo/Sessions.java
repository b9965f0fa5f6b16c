package io.portcullis.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Who is logged in, kept in the servlet session: the user's immutable id and, for display, the
 * name. Only a log-in creates a session; anonymous pages never do (their CSRF token is the
 * CSRF filter's signed double-submit cookie). Sessions end after the idle timeout
 * ({@code --session-idle-minutes}, default 30).
 */
final class Sessions {

    static final String USER = "io.portcullis.demo.user";
    static final String USER_NAME = "io.portcullis.demo.user-name";

    private Sessions() {
    }

    /** The logged-in user's id, or {@code null}. */
    static String userId(HttpServletRequest request) {
        HttpSession s = request.getSession(false);
        return s == null ? null : (String) s.getAttribute(USER);
    }

    /** The logged-in user's name, or {@code null}. */
    static String userName(HttpServletRequest request) {
        HttpSession s = request.getSession(false);
        return s == null || s.getAttribute(USER) == null ? null : (String) s.getAttribute(USER_NAME);
    }

    /**
     * Logs {@code user} in: a new session id (no fixation, via {@code changeSessionId}) and a
     * new CSRF token, so nothing an attacker planted before login survives it.
     */
    static void login(HttpServletRequest request, Users.User user) {
        request.getSession(true);
        request.changeSessionId();
        HttpSession s = request.getSession(false);
        s.setAttribute(USER, user.id());
        s.setAttribute(USER_NAME, user.name());
        // a new CSRF secret, kept in the new session: a token rendered before log-in no longer passes
        io.portcullis.csrf.CsrfToken.of(request).rotate();
    }

    static void logout(HttpServletRequest request) {
        HttpSession s = request.getSession(false);
        if (s != null) {
            s.invalidate();
        }
    }
}
