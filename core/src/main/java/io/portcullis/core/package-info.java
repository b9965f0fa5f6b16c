/**
 * Pieces every Portcullis module shares, kept once: the configuration reader
 * ({@link io.portcullis.core.Settings}, {@link io.portcullis.core.ConfigReader}), RFC 9457
 * problem responses ({@link io.portcullis.core.Problem}) and RFC 6266 file names
 * ({@link io.portcullis.core.ContentDisposition}).
 */
package io.portcullis.core;
