package io.strata.gateway;

import io.strata.ipld.car.DagScope;
import io.strata.ipld.IpldException;
import io.strata.multiformats.Cid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A gateway request taken apart: the content path {@code /ipfs/<cid>/<segments...>} and how the client
 * wants it answered. Built from plain strings so it is testable without a server.
 *
 * @param rawPath        the URL path as sent (percent-encoded), for {@code X-Ipfs-Path} and redirects
 * @param query          the raw query string, or null
 * @param root           the CID the path starts at
 * @param segments       the path below the root, percent-decoded, empty segments dropped
 * @param trailingSlash  whether the URL path ends with {@code /}
 * @param format         the negotiated response format
 * @param formatFromAccept the format came from {@code Accept} alone (the response then names the
 *                       {@code ?format=} URL in {@code Content-Location})
 * @param car            CAR options (meaningful for {@link ResponseFormat#CAR} only)
 * @param filename       {@code ?filename=}, if given
 * @param download       {@code ?download=true}: files are sent as attachments
 * @param onlyIfCached   {@code Cache-Control: only-if-cached}: answer 412 rather than wait for missing blocks
 * @param head           a HEAD request: headers only
 * @param range          the {@code Range} header, or null
 * @param ifNoneMatch    the {@code If-None-Match} header, or null
 */
record GatewayRequest(String rawPath, String query, Cid root, List<String> segments, boolean trailingSlash,
                      ResponseFormat format, boolean formatFromAccept, CarOptions car, Optional<String> filename,
                      boolean download, boolean onlyIfCached, boolean head, String range, String ifNoneMatch) {

    static final String IPFS_PREFIX = "/ipfs/";

    /** Request headers the gateway reads. */
    record Headers(String accept, String range, String ifNoneMatch, String cacheControl, String serviceWorker) {
    }

    /**
     * @param params query parameter by name (decoded), null when absent
     * @throws GatewayException 400 for a malformed CID, path, format or CAR parameter
     */
    static GatewayRequest parse(boolean head, String rawPath, String query, Function<String, String> params,
                                Headers headers) {
        if (!rawPath.startsWith(IPFS_PREFIX)) {
            throw GatewayException.notFound("no such path: " + rawPath + " (content paths start with /ipfs/)");
        }
        List<String> names = new ArrayList<>();
        for (String segment : rawPath.substring(IPFS_PREFIX.length()).split("/")) {
            if (!segment.isEmpty()) {
                names.add(percentDecode(segment));
            }
        }
        if (names.isEmpty()) {
            throw GatewayException.badRequest("no CID in path " + rawPath);
        }
        Cid root;
        try {
            root = Cid.parse(names.get(0));
        } catch (IllegalArgumentException e) {
            throw new GatewayException(400, "invalid CID '" + names.get(0) + "': " + e.getMessage(), e);
        }
        if ("script".equals(headers.serviceWorker()) && names.size() == 1 && !rawPath.endsWith("/")) {
            throw GatewayException.badRequest("a service worker may only be registered under /ipfs/<cid>/, with the"
                    + " trailing slash");
        }
        Negotiated negotiated = negotiate(params.apply("format"), headers.accept());
        CarOptions car = negotiated.format() == ResponseFormat.CAR
                ? carOptions(params, negotiated.acceptParameters()) : CarOptions.DEFAULT;
        return new GatewayRequest(rawPath, query, root, List.copyOf(names.subList(1, names.size())),
                rawPath.endsWith("/"), negotiated.format(), negotiated.fromAccept(), car,
                Optional.ofNullable(params.apply("filename")), "true".equals(params.apply("download")),
                headers.cacheControl() != null && headers.cacheControl().toLowerCase(Locale.ROOT).contains("only-if-cached"),
                head, headers.range(), headers.ifNoneMatch());
    }

    /**
     * The content path as sent, for {@code X-Ipfs-Path}, {@code Location} and the listing's title; any
     * character a header cannot carry (a client may send raw UTF-8) is percent-encoded.
     */
    String contentPath() {
        return headerSafe(rawPath);
    }

    /** The query string as sent, header-safe, or null. */
    String headerSafeQuery() {
        return query == null ? null : headerSafe(query);
    }

    static String headerSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c > 0x20 && c < 0x7F) {
                safe.append((char) c);
            } else {
                safe.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return safe.toString();
    }

    private record Negotiated(ResponseFormat format, boolean fromAccept, Map<String, String> acceptParameters) {
    }

    private static Negotiated negotiate(String formatParameter, String accept) {
        Optional<MediaRange> preferred = MediaRange.preferred(accept);
        Map<String, String> acceptParameters = preferred.map(MediaRange::parameters).orElse(Map.of());
        if (formatParameter != null && !formatParameter.isEmpty()) {
            ResponseFormat format = ResponseFormat.byParameter(formatParameter).orElseThrow(() ->
                    GatewayException.badRequest("unsupported format '" + formatParameter
                            + "' (raw, car, dag-json, dag-cbor, json, cbor)"));
            boolean sameAsAccept = preferred.flatMap(MediaRange::format).filter(format::equals).isPresent();
            return new Negotiated(format, false, sameAsAccept ? acceptParameters : Map.of());
        }
        return preferred.flatMap(MediaRange::format)
                .map(format -> new Negotiated(format, true, acceptParameters))
                .orElse(new Negotiated(ResponseFormat.DESERIALIZED, false, Map.of()));
    }

    private static CarOptions carOptions(Function<String, String> params, Map<String, String> acceptParameters) {
        String version = firstOf(params.apply("car-version"), acceptParameters.get("version"));
        if (version != null && !version.equals("1")) {
            throw GatewayException.badRequest("unsupported CAR version " + version + " (only 1)");
        }
        String order = firstOf(params.apply("car-order"), acceptParameters.get("order"));
        if (order != null && !order.equals("dfs") && !order.equals("unk")) {
            throw GatewayException.badRequest("unsupported CAR order '" + order + "' (dfs or unk)");
        }
        String dups = firstOf(params.apply("car-dups"), acceptParameters.get("dups"));
        if (dups != null && !dups.equals("y") && !dups.equals("n")) {
            throw GatewayException.badRequest("CAR dups must be y or n, got '" + dups + "'");
        }
        String entityBytes = params.apply("entity-bytes");
        String scopeParameter = params.apply("dag-scope");
        DagScope scope;
        try {
            scope = entityBytes != null ? DagScope.ENTITY
                    : scopeParameter == null ? DagScope.ALL : DagScope.fromParameter(scopeParameter);
        } catch (IpldException e) {
            throw GatewayException.badRequest(e.getMessage());
        }
        return new CarOptions(scope, Optional.ofNullable(entityBytes).map(EntityBytes::parse), "y".equals(dups));
    }

    private static String firstOf(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** Percent-decodes one path segment as UTF-8 ({@code +} stays a plus in paths). */
    static String percentDecode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw GatewayException.badRequest("bad percent-encoding in path segment '" + segment + "'");
                }
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw GatewayException.badRequest("bad percent-encoding in path segment '" + segment + "'");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** One element of an {@code Accept} header. */
    record MediaRange(String type, Map<String, String> parameters, double quality) {

        Optional<ResponseFormat> format() {
            return ResponseFormat.byMediaType(type);
        }

        /**
         * The element with the highest quality among those naming a format this gateway knows, or
         * text/html and wildcards (which mean a deserialized response: empty format).
         */
        static Optional<MediaRange> preferred(String accept) {
            if (accept == null || accept.isBlank()) {
                return Optional.empty();
            }
            MediaRange best = null;
            for (String element : accept.split(",")) {
                MediaRange range = parseElement(element);
                if (range == null || range.quality() <= 0) {
                    continue;
                }
                if (best == null || range.quality() > best.quality()) {
                    best = range;
                }
            }
            return Optional.ofNullable(best);
        }

        private static MediaRange parseElement(String element) {
            String[] parts = element.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty()) {
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            double quality = 1;
            for (int i = 1; i < parts.length; i++) {
                int equals = parts[i].indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String name = parts[i].substring(0, equals).trim().toLowerCase(Locale.ROOT);
                String value = parts[i].substring(equals + 1).trim();
                if (name.equals("q")) {
                    try {
                        quality = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        quality = 0;
                    }
                } else {
                    parameters.put(name, value);
                }
            }
            return new MediaRange(type, Map.copyOf(parameters), quality);
        }
    }
}
