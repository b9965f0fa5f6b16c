package io.portcullis.boot;

import io.portcullis.boot.BootKeys.HeaderOwner;
import io.portcullis.filters.SessionCookieHardener;
import io.portcullis.sendfile.SignedUrlFilter;
import io.portcullis.upload.UploadGuardFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Predicate;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Portcullis for a Spring Boot servlet application, from the {@code portcullis.*} keys of
 * application.properties / .yaml: {@code HardeningFilter} and the session cookie hardened with the
 * same policy, {@code UploadGuardFilter} when {@code portcullis.upload.*} keys are set,
 * {@code SignedUrlFilter} when {@code portcullis.signed-url.*} keys are set, and {@code CsrfFilter}
 * unless {@code portcullis.boot.csrf=false} (standing aside where Spring Security's CSRF is on),
 * each at the place in the filter chain that {@link FilterOrder} gives. The keys are read and
 * validated once, before any bean is made, so a typo stops the start with the library's message
 * ({@link PortcullisFailureAnalyzer}). The policies are beans too ({@code HardeningPolicy} always;
 * {@code UploadPolicy}, {@code UrlSigner}, {@code SendfilePolicy}, {@code CsrfPolicy} when in use).
 * See docs/spring-boot.md.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class PortcullisAutoConfiguration {

    static final String SETTINGS_BEAN = "portcullisSettings";

    /** For Spring. */
    public PortcullisAutoConfiguration() {
    }

    /** Reads and validates every key before any other bean exists, and publishes the policies. */
    @Bean
    static BeanFactoryPostProcessor portcullisSettingsReader() {
        return new SettingsReader();
    }

    /** {@code HardeningFilter} on every path, for REQUEST, ERROR and ASYNC dispatches. */
    @Bean
    FilterRegistrationBean<HardeningFilterDelegate> portcullisHardeningFilter(BeanFactory beans) {
        PortcullisSettings s = settings(beans);
        FilterRegistrationBean<HardeningFilterDelegate> bean =
                new FilterRegistrationBean<>(new HardeningFilterDelegate(s.hardening()));
        bean.setName("portcullisHardeningFilter");
        bean.setOrder(FilterOrder.HARDENING);
        bean.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        bean.addUrlPatterns("/*");
        return bean;
    }

    /** The container's session cookie, hardened with the very policy the filter uses. */
    @Bean
    ServletContextInitializer portcullisSessionCookie(BeanFactory beans) {
        PortcullisSettings s = settings(beans);
        return context -> SessionCookieHardener.harden(context, s.hardening());
    }

    /** {@code UploadGuardFilter} (it matches {@code portcullis.upload.paths} itself), when upload keys are set. */
    @Bean
    FilterRegistrationBean<Filter> portcullisUploadGuardFilter(BeanFactory beans) {
        PortcullisSettings s = settings(beans);
        FilterRegistrationBean<Filter> bean = s.upload() == null ? new FilterRegistrationBean<>(DISABLED)
                : new FilterRegistrationBean<>(new UploadGuardFilter(s.upload()));
        bean.setName("portcullisUploadGuardFilter");
        bean.setEnabled(s.upload() != null);
        bean.setOrder(FilterOrder.UPLOAD_GUARD);
        // A forward, include or async dispatch into a guarded path from another one is checked too; a request the
        // guard already read keeps its checked view on every later dispatch.
        bean.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE,
                DispatcherType.ASYNC);
        bean.addUrlPatterns("/*");
        return bean;
    }

    /** {@code SignedUrlFilter} on {@code portcullis.boot.signed-url-paths}, when signed-url keys are set. */
    @Bean
    FilterRegistrationBean<Filter> portcullisSignedUrlFilter(BeanFactory beans) {
        PortcullisSettings s = settings(beans);
        FilterRegistrationBean<Filter> bean = s.signer() == null ? new FilterRegistrationBean<>(DISABLED)
                : new FilterRegistrationBean<>(new SignedUrlFilter(s.signer()));
        bean.setName("portcullisSignedUrlFilter");
        bean.setEnabled(s.signer() != null);
        bean.setOrder(FilterOrder.SIGNED_URL);
        bean.setDispatcherTypes(DispatcherType.REQUEST);
        s.signedUrlPaths().forEach(bean::addUrlPatterns);
        return bean;
    }

    /**
     * {@code CsrfFilter}, unless {@code portcullis.boot.csrf=false}; stands aside where Spring Security
     * checks CSRF.
     */
    @Bean
    FilterRegistrationBean<Filter> portcullisCsrfFilter(BeanFactory beans) {
        PortcullisSettings s = settings(beans);
        Predicate<HttpServletRequest> spring = beans.containsBean(SPRING_CSRF_BEAN)
                ? beans.getBean(SPRING_CSRF_BEAN, SpringSecurityCsrf.class) : r -> false;
        FilterRegistrationBean<Filter> bean = s.csrf() == null ? new FilterRegistrationBean<>(DISABLED)
                : new FilterRegistrationBean<>(new YieldingCsrfFilter(s.csrf(), spring));
        bean.setName("portcullisCsrfFilter");
        bean.setEnabled(s.csrf() != null);
        bean.setOrder(FilterOrder.CSRF);
        bean.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.FORWARD);
        bean.addUrlPatterns("/*");
        return bean;
    }

    static final String SPRING_CSRF_BEAN = "portcullisSpringSecurityCsrf";

    /** Stands in the registration of a filter that is not enabled (Boot wants a filter even then). */
    private static final Filter DISABLED = (request, response, chain) -> chain.doFilter(request, response);

    /** The redirect port map from the connectors Tomcat opened. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class TomcatPorts {
        @Bean
        ConnectorPortMap portcullisConnectorPortMap(
                FilterRegistrationBean<HardeningFilterDelegate> portcullisHardeningFilter, Environment env) {
            return new ConnectorPortMap(portcullisHardeningFilter.getFilter(),
                    env.containsProperty("portcullis.https.port-map"));
        }
    }

    /** Spring Security present: who writes the shared headers, and whether Spring's CSRF is on. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.security.config.annotation.web.builders.HttpSecurity",
        "org.springframework.security.web.FilterChainProxy"})
    static class SpringSecurity {

        @Bean(SPRING_CSRF_BEAN)
        SpringSecurityCsrf portcullisSpringSecurityCsrf(BeanFactory beans) {
            return new SpringSecurityCsrf(beans);
        }

        /**
         * With {@code portcullis.boot.header-owner=portcullis} (the default), Spring Security's
         * writers for the headers Portcullis also writes are switched off in every
         * {@code HttpSecurity} (Spring Security 7 applies {@code Customizer<HttpSecurity>} beans
         * before the application's own configuration, which can still turn one back on).
         */
        @Bean
        Customizer<HttpSecurity> portcullisHeaderOwner(BeanFactory beans) {
            PortcullisSettings s = settings(beans);
            if (s.headerOwner() != HeaderOwner.PORTCULLIS) {
                return http -> { };
            }
            return http -> http.headers(h -> h
                    .httpStrictTransportSecurity(hsts -> hsts.disable())
                    .contentTypeOptions(cto -> cto.disable())
                    .frameOptions(fo -> fo.disable()));
        }
    }

    static PortcullisSettings settings(BeanFactory beans) {
        return beans.getBean(SETTINGS_BEAN, PortcullisSettings.class);
    }

    /**
     * Reads the keys at bean-factory post-processing, so a bad key stops the start before any filter or
     * server exists.
     */
    static final class SettingsReader implements BeanFactoryPostProcessor, EnvironmentAware {
        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) throws BeansException {
            ClassLoader loader = factory.getBeanClassLoader() != null ? factory.getBeanClassLoader()
                    : PortcullisAutoConfiguration.class.getClassLoader();
            PortcullisSettings s = PortcullisSettings.read(environment, loader);
            factory.registerSingleton(SETTINGS_BEAN, s);
            factory.registerSingleton("portcullisHardeningPolicy", s.hardening());
            if (s.upload() != null) {
                factory.registerSingleton("portcullisUploadPolicy", s.upload());
            }
            if (s.signer() != null) {
                factory.registerSingleton("portcullisUrlSigner", s.signer());
            }
            if (s.sendfile() != null) {
                factory.registerSingleton("portcullisSendfilePolicy", s.sendfile());
            }
            if (s.csrf() != null) {
                factory.registerSingleton("portcullisCsrfPolicy", s.csrf());
            }
        }
    }
}
