package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {

    @Test
    void slf4jFindsAProviderSoNoNoProvidersWarningIsPrinted() {
        // without slf4j-jdk14 on the class path this is org.slf4j.helpers.NOPLoggerFactory
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
                .isEqualTo("org.slf4j.jul.JDK14LoggerFactory");
    }

    @Test
    void tikaLinesArriveInJavaUtilLoggingBesidePortcullisOwn() {
        List<LogRecord> seen = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                seen.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger("org.apache.tika.demo-logging-test");
        jul.addHandler(capture);
        try {
            LoggerFactory.getLogger("org.apache.tika.demo-logging-test").warn("a line from tika-core's SLF4J API");
            System.getLogger("org.apache.tika.demo-logging-test").log(System.Logger.Level.WARNING, "a Portcullis line");
        } finally {
            jul.removeHandler(capture);
        }
        assertThat(seen).extracting(LogRecord::getMessage)
                .containsExactly("a line from tika-core's SLF4J API", "a Portcullis line");
    }
}
