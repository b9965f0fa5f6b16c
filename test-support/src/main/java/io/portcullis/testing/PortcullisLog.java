package io.portcullis.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what every Portcullis component logs through System.Logger (java.util.logging in
 * tests, as on Tomcat, where the root logger's handlers write catalina.out): the records of the
 * {@code io.portcullis} logger tree, as {@code "<LEVEL> <message>"}.
 */
public final class PortcullisLog extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("io.portcullis");
    private final List<LogRecord> records = new ArrayList<>();
    private final Level old;

    public PortcullisLog() {
        old = logger.getLevel();
        logger.setLevel(Level.ALL);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** Every record, {@code "<LEVEL> <message>"}. */
    public synchronized List<String> messages() {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add(r.getLevel() + " " + r.getMessage()));
        return out;
    }

    /** The SEVERE records' messages (System.Logger ERROR). */
    public synchronized List<String> errors() {
        List<String> out = new ArrayList<>();
        records.stream().filter(r -> r.getLevel() == Level.SEVERE).forEach(r -> out.add(r.getMessage()));
        return out;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(old);
    }
}
