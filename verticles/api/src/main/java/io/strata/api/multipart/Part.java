package io.strata.api.multipart;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * One part of a multipart/form-data body. {@code headers} has lower-case names; {@code fileName} is the
 * decoded {@code filename} of its Content-Disposition (Kubo clients URL-encode relative paths such as
 * {@code dir/sub/file}), or the empty string. The body stream is valid until the next part is requested.
 */
public record Part(Map<String, String> headers, String fieldName, String fileName, InputStream body) {

    public static final String DIRECTORY_TYPE = "application/x-directory";
    public static final String SYMLINK_TYPE = "application/symlink";

    public String contentType() {
        String type = headers.getOrDefault("content-type", "application/octet-stream");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    public boolean isDirectory() {
        return DIRECTORY_TYPE.equals(contentType());
    }

    public boolean isSymlink() {
        return SYMLINK_TYPE.equals(contentType());
    }
}
