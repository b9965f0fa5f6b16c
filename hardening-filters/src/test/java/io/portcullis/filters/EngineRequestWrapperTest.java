package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.portcullis.filters.Engine.Part;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The application gets the {@link HardeningRequest} (which keeps an async response hardened)
 * whenever the request may start async, and the container's request when it cannot; the headers
 * are written either way.
 */
class EngineRequestWrapperTest {

    private final Engine engine = new Engine(HardeningPolicy.builder().logDeployCheck(false).build(),
            EnumSet.allOf(Part.class));
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private HttpServletResponse response() {
        HttpServletResponse r = mock(HttpServletResponse.class);
        when(r.getBufferSize()).thenReturn(8192);
        when(r.containsHeader(anyString())).thenAnswer(i -> headers.containsKey(i.<String>getArgument(0)));
        doAnswer(i -> headers.put(i.getArgument(0), i.getArgument(1))).when(r).addHeader(anyString(), anyString());
        doAnswer(i -> headers.put(i.getArgument(0), i.getArgument(1))).when(r).setHeader(anyString(), anyString());
        return r;
    }

    private ServletRequest seenByApplication(boolean asyncSupported) throws Exception {
        HttpServletRequest request = Fakes.request("GET", "192.0.2.7", true, "/page", null, "Host: localhost");
        when(request.isAsyncSupported()).thenReturn(asyncSupported);
        AtomicReference<ServletRequest> seen = new AtomicReference<>();
        engine.doFilter(request, response(), (req, res) -> seen.set(req));
        return seen.get();
    }

    @Test
    void requestWhenAsyncSupportedThenApplicationGetsTheWrapperThatKeepsAsyncHardened() throws Exception {
        assertThat(seenByApplication(true)).isInstanceOf(HardeningRequest.class);
        assertThat(headers).containsKeys("Strict-Transport-Security", "X-Frame-Options", "Content-Security-Policy");
    }

    @Test
    void requestWhenAsyncNotSupportedThenApplicationGetsTheContainerRequestAndHeadersAreWritten() throws Exception {
        assertThat(seenByApplication(false)).isNotInstanceOf(HardeningRequest.class);
        assertThat(headers).containsKeys("Strict-Transport-Security", "X-Frame-Options", "Content-Security-Policy");
    }

    @Test
    void requestWhenForwardedByTrustedProxyThenWrappedEvenWithoutAsync() {
        EffectiveRequest viaProxy = new EffectiveRequest("https", "example.com", 443, "203.0.113.9", true, true, false,
                false);
        EffectiveRequest direct = new EffectiveRequest("https", "example.com", 443, "203.0.113.9", true, false, false,
                false);
        HttpServletRequest request = Fakes.request("GET", "10.0.0.2", false, "/page", null);
        assertThat(Engine.needsRequestWrapper(request, viaProxy)).isTrue();
        assertThat(Engine.needsRequestWrapper(request, direct)).isFalse();
        // forwarding headers from an untrusted peer: wrapped too, so the application does not see them
        EffectiveRequest forged = new EffectiveRequest("http", "example.com", 80, "203.0.113.9", false, false, true,
                true);
        assertThat(Engine.needsRequestWrapper(request, forged)).isTrue();
    }

    /**
     * The first Portcullis filter on a request stores the effective request, then the nonce holder
     * without looking for one (only a Portcullis filter, after storing the effective request, creates
     * one); a second filter on the same request (à-la-carte chain, forward, error dispatch) finds and
     * shares both.
     */
    @Test
    void nonceHolderWhenFirstFilterThenCreatedWithoutLookingAndTheNextFilterSharesIt() throws Exception {
        HttpServletRequest request = Fakes.request("GET", "192.0.2.7", true, "/page", null, "Host: localhost");
        AtomicReference<Object> first = new AtomicReference<>();
        engine.doFilter(request, response(), (req, res) -> first.set(req.getAttribute(CspNonce.ATTRIBUTE)));
        // one look-up: the application's own
        org.mockito.Mockito.verify(request, org.mockito.Mockito.times(1)).getAttribute(CspNonce.ATTRIBUTE);
        assertThat(first.get()).isInstanceOf(CspNonce.class);
        Object eff = request.getAttribute(EffectiveRequest.ATTRIBUTE);
        assertThat(eff).isInstanceOf(EffectiveRequest.class);

        Engine second = new Engine(HardeningPolicy.builder().logDeployCheck(false).build(), EnumSet.of(Part.CSP));
        AtomicReference<Object> seen = new AtomicReference<>();
        second.doFilter(request, response(), (req, res) -> seen.set(req.getAttribute(CspNonce.ATTRIBUTE)));
        assertThat(seen.get()).isSameAs(first.get());
        assertThat(request.getAttribute(EffectiveRequest.ATTRIBUTE)).isSameAs(eff);
    }
}
