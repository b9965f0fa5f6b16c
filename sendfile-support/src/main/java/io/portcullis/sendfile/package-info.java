/**
 * Authorise in the application, deliver from the web server: {@link io.portcullis.sendfile.Sendfile}
 * (X-Sendfile for Apache and lighttpd, X-Accel-Redirect for nginx, or a full RFC 9110 direct
 * stream), {@link io.portcullis.sendfile.FrontServerConfig} for the matching server
 * configuration, and signed expiring links ({@link io.portcullis.sendfile.UrlSigner},
 * {@link io.portcullis.sendfile.SignedUrlFilter}).
 */
package io.portcullis.sendfile;
