package io.strata.gateway;

import io.strata.ipld.unixfs.DirectoryEntry;
import io.strata.multiformats.Cid;

import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;

/**
 * The HTML index of a UnixFS directory without an index.html: one row per entry with its name (a link
 * relative to the directory's URL, which ends in {@code /}), its DAG size from the link's Tsize (so no
 * child block is fetched, and huge directories list fast), and its CID. Written as the entries are
 * iterated, so a sharded directory is never held in memory.
 */
final class DirectoryListingPage {

    /** Changes whenever the page's markup does, so cached listings are invalidated (it is in the Etag). */
    static final String VERSION = "strata-1";

    private DirectoryListingPage() {
    }

    static String etag(Cid directory) {
        return "\"DirIndex-" + VERSION + "_CID-" + directory + "\"";
    }

    /** @param hasParent whether the directory is below the path's root CID (only then is there a ".." row) */
    static void write(String contentPath, Cid directory, boolean hasParent, Iterator<DirectoryEntry> entries,
                      Writer out) throws IOException {
        String title = escape(contentPath);
        out.write("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>");
        out.write(title);
        out.write("</title>\n</head>\n<body>\n<h1>Index of ");
        out.write(title);
        out.write("</h1>\n<p>CID: <code>");
        out.write(escape(directory.toString()));
        out.write("</code></p>\n<table>\n<tr><th>Name</th><th>Size</th><th>CID</th></tr>\n");
        if (hasParent) {
            out.write("<tr><td><a href=\"../\">..</a></td><td></td><td></td></tr>\n");
        }
        while (entries.hasNext()) {
            DirectoryEntry entry = entries.next();
            out.write("<tr><td><a href=\"./");
            out.write(escape(encodePathSegment(entry.name())));
            out.write("\">");
            out.write(escape(entry.name()));
            out.write("</a></td><td>");
            out.write(entry.tsize() > 0 ? humanSize(entry.tsize()) : "");
            out.write("</td><td><a href=\"/ipfs/");
            out.write(escape(entry.cid().toString()));
            out.write("\"><code>");
            out.write(escape(entry.cid().toString()));
            out.write("</code></a></td></tr>\n");
        }
        out.write("</table>\n</body>\n</html>\n");
        out.flush();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Percent-encodes a name for use as one URL path segment. */
    static String encodePathSegment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
