package io.strata.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Content-Type of a file: from its name's extension when known, otherwise sniffed from its first
 * bytes with the basic signatures of the WHATWG MIME sniffing algorithm (the ones Go's
 * {@code http.DetectContentType} knows), falling back to text or binary.
 */
final class ContentTypes {

    /** How many leading bytes sniffing looks at. */
    static final int SNIFF_LENGTH = 512;

    static final String OCTET_STREAM = "application/octet-stream";
    static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", HTML), Map.entry("htm", HTML),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("txt", TEXT_PLAIN), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("xml", "text/xml; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"), Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("pdf", "application/pdf"), Map.entry("wasm", "application/wasm"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"),
            Map.entry("tar", "application/x-tar"), Map.entry("car", "application/vnd.ipld.car"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"), Map.entry("wav", "audio/wav"), Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"), Map.entry("otf", "font/otf"));

    private static final String[] HTML_TAGS = {"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1",
            "<div", "<font", "<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--"};

    private ContentTypes() {
    }

    /** The type named by the file name's extension, if it is a well-known one. */
    static Optional<String> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** The type of content starting with {@code head} (at most {@link #SNIFF_LENGTH} bytes are looked at). */
    static String sniff(byte[] head) {
        int length = Math.min(head.length, SNIFF_LENGTH);
        if (startsWith(head, 0x25, 0x50, 0x44, 0x46, 0x2D)) {
            return "application/pdf";
        }
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(head, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, 'G', 'I', 'F', '8', '9', 'a')) {
            return "image/gif";
        }
        if (startsWith(head, 'R', 'I', 'F', 'F') && length >= 12 && head[8] == 'W' && head[9] == 'E'
                && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        if (startsWith(head, 'R', 'I', 'F', 'F') && length >= 12 && head[8] == 'W' && head[9] == 'A'
                && head[10] == 'V' && head[11] == 'E') {
            return "audio/wave";
        }
        if (startsWith(head, 0x00, 0x00, 0x01, 0x00)) {
            return "image/x-icon";
        }
        if (startsWith(head, 'P', 'K', 0x03, 0x04)) {
            return "application/zip";
        }
        if (startsWith(head, 0x1F, 0x8B, 0x08)) {
            return "application/x-gzip";
        }
        if (startsWith(head, 0x00, 'a', 's', 'm')) {
            return "application/wasm";
        }
        if (startsWith(head, 'I', 'D', '3')) {
            return "audio/mpeg";
        }
        if (startsWith(head, 'O', 'g', 'g', 'S', 0x00)) {
            return "application/ogg";
        }
        if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video/webm";
        }
        if (length >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            return "video/mp4";
        }
        if (startsWith(head, 0xFE, 0xFF)) {
            return "text/plain; charset=utf-16be";
        }
        if (startsWith(head, 0xFF, 0xFE)) {
            return "text/plain; charset=utf-16le";
        }
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            return TEXT_PLAIN;
        }
        String text = markup(head, length);
        if (text != null) {
            return text;
        }
        for (int i = 0; i < length; i++) {
            if (isBinary(head[i] & 0xFF)) {
                return OCTET_STREAM;
            }
        }
        return TEXT_PLAIN;
    }

    /** HTML, XML or SVG recognized by their opening markup (after leading whitespace), else null. */
    private static String markup(byte[] head, int length) {
        int start = 0;
        while (start < length && isWhitespace(head[start])) {
            start++;
        }
        String lead = new String(head, start, Math.min(length - start, 64), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        for (String tag : HTML_TAGS) {
            if (lead.startsWith(tag) && lead.length() > tag.length()) {
                char terminator = lead.charAt(tag.length());
                if (terminator == ' ' || terminator == '>') {
                    return HTML;
                }
            }
        }
        if (lead.startsWith("<svg")) {
            return "image/svg+xml";
        }
        if (lead.startsWith("<?xml")) {
            String whole = new String(head, start, length - start, StandardCharsets.ISO_8859_1);
            return whole.contains("<svg") ? "image/svg+xml" : "text/xml; charset=utf-8";
        }
        return null;
    }

    private static boolean isWhitespace(byte b) {
        return b == '\t' || b == '\n' || b == 0x0C || b == '\r' || b == ' ';
    }

    /** Control bytes that never occur in text (WHATWG "binary data byte"). */
    private static boolean isBinary(int b) {
        return b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F);
    }

    private static boolean startsWith(byte[] data, int... signature) {
        if (data.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
