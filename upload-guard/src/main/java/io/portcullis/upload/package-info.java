/**
 * Strict checks for uploaded files: {@link io.portcullis.upload.UploadGuardFilter} for multipart
 * requests, {@link io.portcullis.upload.UploadGuard} and {@link io.portcullis.upload.UploadPolicy}
 * in code, a {@link io.portcullis.upload.Verdict} per file and
 * {@link io.portcullis.upload.UploadStore} for the accepted ones.
 */
package io.portcullis.upload;
