package io.portcullis.it.boot;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application as its owner writes it, with the usual gaps: a session and an
 * application cookie without attributes, no security headers, Boot's default error handling. It
 * runs with Portcullis' starter on the class path, or with the starter's auto-configuration
 * excluded (an application that does not use Portcullis). With {@code app.hints-applied=true} it
 * does what checkup's Spring Boot hints say for its own cookie (Secure, and a
 * {@link CookieSameSiteSupplier}); the session cookie's part is Boot properties given at start.
 */
@SpringBootApplication
public class BootApp {

    @Bean
    @ConditionalOnProperty("app.hints-applied")
    CookieSameSiteSupplier sameSiteForEveryCookie() {
        return CookieSameSiteSupplier.ofLax();
    }

    @RestController
    static class Pages {

        @Value("${app.hints-applied:false}")
        boolean hintsApplied;

        @GetMapping("/")
        String home(HttpServletRequest request, HttpServletResponse response) {
            request.getSession(true);
            Cookie prefs = new Cookie("prefs", "dark");
            prefs.setSecure(hintsApplied);
            response.addCookie(prefs);
            return "home";
        }
    }
}
