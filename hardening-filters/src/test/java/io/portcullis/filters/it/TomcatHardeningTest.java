package io.portcullis.filters.it;

import io.portcullis.testing.ServletContainer;

/** {@link HardeningScenarios} on embedded Tomcat 10.1. */
class TomcatHardeningTest extends HardeningScenarios {
    @Override
    ServletContainer container() {
        return ServletContainer.TOMCAT;
    }
}
