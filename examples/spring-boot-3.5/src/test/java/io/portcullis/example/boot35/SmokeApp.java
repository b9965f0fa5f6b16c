package io.portcullis.example.boot35;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Boot 3.5 application as its user writes it: no Portcullis code, the starter on the class path. */
@SpringBootApplication
public class SmokeApp {

    @RestController
    static class Pages {

        @GetMapping("/")
        String home(HttpServletRequest request) {
            request.getSession(true);
            return "home";
        }

        @PostMapping("/upload")
        String upload(HttpServletRequest request) throws Exception {
            return "stored " + request.getParts().size();
        }
    }
}
