package io.portcullis.filters;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Session ids in the cookie only: the container's default modes (cookie and URL, with SSL on
 * Tomcat's TLS connectors) become cookie alone; modes the application chose are left, and so is
 * everything when {@code portcullis.cookies.session=false}. Both containers:
 * {@code …HardeningTest.sessionIdWhenNewSessionThenNeverWrittenIntoUrlsNorTakenFromThem}.
 */
class SessionTrackingTest {

    private static ServletContext context(Set<SessionTrackingMode> defaults, Set<SessionTrackingMode> effective) {
        ServletContext context = mock(ServletContext.class);
        when(context.getSessionCookieConfig()).thenReturn(mock(SessionCookieConfig.class));
        when(context.getDefaultSessionTrackingModes()).thenReturn(defaults);
        when(context.getEffectiveSessionTrackingModes()).thenReturn(effective);
        return context;
    }

    @Test
    void trackingWhenContainerDefaultsWithUrlThenCookieOnly() {
        Set<SessionTrackingMode> tomcatTls = EnumSet.of(SessionTrackingMode.COOKIE, SessionTrackingMode.URL,
                SessionTrackingMode.SSL);
        ServletContext context = context(tomcatTls, tomcatTls);
        SessionCookieHardener.harden(context, HardeningPolicy.defaults());
        verify(context).setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
    }

    @Test
    void trackingWhenApplicationChoseItsModesThenLeftAsChosen() {
        ServletContext context = context(EnumSet.of(SessionTrackingMode.COOKIE, SessionTrackingMode.URL),
                EnumSet.of(SessionTrackingMode.URL));
        SessionCookieHardener.harden(context, HardeningPolicy.defaults());
        verify(context, never()).setSessionTrackingModes(any());
    }

    @Test
    void trackingWhenSessionHardeningOffThenUntouched() {
        Set<SessionTrackingMode> modes = EnumSet.of(SessionTrackingMode.COOKIE, SessionTrackingMode.URL);
        ServletContext context = context(modes, modes);
        SessionCookieHardener.harden(context, HardeningPolicy.builder().sessionCookie(false).build());
        verify(context, never()).setSessionTrackingModes(any());
    }
}
