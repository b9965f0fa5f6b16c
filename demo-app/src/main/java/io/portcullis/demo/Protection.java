package io.portcullis.demo;

/**
 * The access decision every route must carry. There is no default: a {@link Route} cannot be
 * built without one, and every unsafe method (anything but GET/HEAD) additionally requires a
 * valid CSRF token whatever the protection.
 */
public enum Protection {
    /** Anyone may call the route (sign-up, login, signed share links, the home page). */
    PUBLIC,
    /** Only a logged-in user; anonymous GETs are redirected to the login page, others get 403. */
    LOGIN_REQUIRED
}
