package io.portcullis.testkit.sample.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small Spring Boot 4 application as users write them: Spring Security with form log-in and its
 * CSRF protection on, URL rules in a {@link SecurityFilterChain}, and method security
 * ({@code @PreAuthorize}) on the API controller, whose section the URL rules leave to the methods.
 *
 * <p>Two profiles are the regressions the test kit must catch, each a one-line slip:
 * {@value #FORGOT_PRE_AUTHORIZE} ships the reports controller after a refactoring that lost its
 * {@code @PreAuthorize}; {@value #WIDE_PERMIT_ALL} ships the URL rule for the sign-up page written
 * {@code /account/**} instead of {@code /account/signup}. {@value #CSRF_OFF} turns Spring Security's
 * CSRF protection off.
 */
@SpringBootApplication
@EnableMethodSecurity
public class BootSampleApp {

    public static final String FORGOT_PRE_AUTHORIZE = "forgot-preauthorize";
    public static final String WIDE_PERMIT_ALL = "wide-permitall";
    public static final String CSRF_OFF = "csrf-off";

    /** The application on Boot's embedded Tomcat at a free loopback port, with {@code profiles} active. */
    public static ConfigurableApplicationContext start(String... profiles) {
        return new SpringApplicationBuilder(BootSampleApp.class).profiles(profiles)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "spring.main.log-startup-info=false")
                .run();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http, Environment env) throws Exception {
        // as shipped: only the sign-up page of /account is public; the slip writes the whole section
        String signup = env.acceptsProfiles(Profiles.of(WIDE_PERMIT_ALL)) ? "/account/**" : "/account/signup";
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/", "/login", "/error").permitAll()
                        .requestMatchers(signup).permitAll()
                        // the API mixes public and protected methods: each decides with @PreAuthorize
                        .requestMatchers("/api/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").permitAll());
        if (env.acceptsProfiles(Profiles.of(CSRF_OFF))) {
            http.csrf(c -> c.disable());
        }
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-secret").roles("USER").build(),
                User.withUsername("root").password("{noop}root-secret").roles("USER", "ADMIN").build());
    }

    /** Pages: the public home and log-in form, the sign-up page, and the account section (URL rule). */
    @RestController
    public static class Pages {
        @GetMapping("/")
        public String home() {
            return "home";
        }

        @GetMapping("/login")
        public String loginForm(HttpServletRequest request) {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            String hidden = token == null ? "" // CSRF protection off (the csrf-off profile)
                    : "<input type=hidden name=\"" + token.getParameterName() + "\" value=\"" + token.getToken()
                            + "\">";
            return "<form method=post action=/login><input name=username><input name=password type=password>" + hidden
                    + "</form>";
        }

        @GetMapping("/account/signup")
        public String signup() {
            return "sign up";
        }

        @GetMapping("/account")
        public String account() {
            return "your account";
        }

        @PostMapping("/account/email")
        public String changeEmail() {
            return "email changed";
        }
    }

    /** The API: the URL rules permit /api/**, so these annotations are the only guard. */
    @RestController
    @RequestMapping("/api")
    public static class Api {
        private final List<String> orders = new ArrayList<>();

        @GetMapping("/status")
        @PreAuthorize("permitAll()")
        public String status() {
            return "up";
        }

        @GetMapping("/orders/{id}")
        @PreAuthorize("isAuthenticated()")
        public String order(@PathVariable("id") String id) {
            return "order " + id;
        }

        @PostMapping("/orders")
        @PreAuthorize("isAuthenticated()")
        public synchronized String placeOrder() {
            orders.add("order");
            return "order " + orders.size() + " placed";
        }
    }

    /** The reports as shipped: admins only. */
    @RestController
    @Profile("!" + FORGOT_PRE_AUTHORIZE)
    public static class Reports {
        @GetMapping("/api/reports/export")
        @PreAuthorize("hasRole('ADMIN')")
        public String export() {
            return "salary,name\n";
        }
    }

    /** The same controller after a refactoring that lost the annotation: nothing else guards /api. */
    @RestController
    @Profile(FORGOT_PRE_AUTHORIZE)
    public static class ReportsAfterRefactoring {
        @GetMapping("/api/reports/export")
        public String export() {
            return "salary,name\n";
        }
    }
}
