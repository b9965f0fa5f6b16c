package io.portcullis.core;

/**
 * How a module tells core its keys, without core naming the module: a public class with a
 * public no-arg constructor, listed in the module's
 * {@code META-INF/services/io.portcullis.core.KeyProvider}. {@link KeyRegistry} loads every
 * provider on the class path.
 */
public interface KeyProvider {

    /** The module's declared keys. */
    KeySet keys();
}
