package io.portcullis.filters.it;

import io.portcullis.testing.ServletContainer;

/** {@link HardeningScenarios} on embedded Jetty 12 (ee10). */
class JettyHardeningTest extends HardeningScenarios {
    @Override
    ServletContainer container() {
        return ServletContainer.JETTY;
    }
}
