package io.portcullis.boot.app;

import io.portcullis.csrf.CsrfToken;
import io.portcullis.csrf.CsrfFilter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A small application as a Boot user writes it: no Portcullis code, only the starter on the class path. */
@SpringBootApplication
public class TestApp {

    public static void main(String[] args) {
        SpringApplication.run(TestApp.class, args);
    }

    @RestController
    static class Pages {

        /** Sets an application cookie without any attribute, and opens a session (JSESSIONID). */
        @GetMapping("/")
        String home(HttpServletRequest request, HttpServletResponse response) {
            request.getSession(true);
            response.addCookie(new Cookie("prefs", "dark"));
            return "home";
        }

        /** The masked CSRF token Portcullis put in the request, for a script to send back. */
        @GetMapping("/token")
        String token(HttpServletRequest request) {
            Object token = request.getAttribute(CsrfFilter.ATTRIBUTE);
            return token instanceof CsrfToken t ? t.value() : "";
        }

        @PostMapping("/form")
        String form() {
            return "changed";
        }

        @PostMapping("/upload")
        String upload(HttpServletRequest request) throws Exception {
            return "stored " + request.getParts().size();
        }

        /** An older address that hands the request on to the upload handler, as applications do. */
        @PostMapping("/old-upload")
        void oldUpload(HttpServletRequest request, HttpServletResponse response) throws Exception {
            request.getRequestDispatcher("/upload").forward(request, response);
        }

        @GetMapping("/shared/report")
        String shared() {
            return "shared";
        }
    }
}
