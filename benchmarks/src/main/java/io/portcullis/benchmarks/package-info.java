/**
 * JMH benchmarks for the public APIs of upload-guard, sendfile-support and hardening-filters.
 * Not part of the published library and never run by {@code mvn verify}; see
 * {@code docs/benchmarks.md} for the commands and the recorded numbers.
 */
package io.portcullis.benchmarks;
