package io.strata.gateway;

import io.strata.gateway.PreparedResponse.BytesBody;
import io.strata.gateway.PreparedResponse.NoBody;
import io.strata.gateway.PreparedResponse.StreamBody;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.ipld.BlockGetter;
import io.strata.ipld.IpldException;
import io.strata.ipld.codec.DagCbor;
import io.strata.ipld.codec.DagJson;
import io.strata.ipld.dagpb.DagPb;
import io.strata.ipld.unixfs.DirectoryEntry;
import io.strata.ipld.unixfs.DirectoryLister;
import io.strata.ipld.unixfs.PathResolver;
import io.strata.ipld.unixfs.UnixFsExporter;
import io.strata.ipld.unixfs.UnixFsStat;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multicodec;
import io.strata.proto.unixfs.UnixFsProtos;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Decides the response to a {@link GatewayRequest}: resolves the content path, then answers with a raw
 * block, a CAR, a DAG-JSON/CBOR block, a file (whole or a range), index.html, a directory listing or a
 * redirect, with the headers the path and trustless gateway specs ask for. Runs on a worker thread (it
 * waits for blocks); the bodies it returns are streamed later, also on a worker thread.
 */
final class GatewayResponder {

    static final String IMMUTABLE = "public, max-age=29030400, immutable";

    private final BlockGetter store;

    GatewayResponder(BlockGetter store) {
        this.store = store;
    }

    PreparedResponse prepare(GatewayRequest request) {
        try {
            return resolveAndAnswer(request);
        } catch (IpldException e) {
            if (request.onlyIfCached() && e.code() == IpldException.Code.BLOCK_NOT_FOUND) {
                throw new GatewayException(412, "not cached here (only-if-cached): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private PreparedResponse resolveAndAnswer(GatewayRequest request) {
        PathBlocks pathBlocks = new PathBlocks(store);
        PathResolver resolver = new PathResolver(pathBlocks);
        List<Cid> roots = new ArrayList<>();
        roots.add(request.root());
        Cid current = request.root();
        for (int i = 0; i < request.segments().size(); i++) {
            String segment = request.segments().get(i);
            Optional<DirectoryEntry> entry = resolver.lookup(current, segment);
            if (entry.isEmpty()) {
                throw GatewayException.notFound("no link named '" + segment + "' under " + current + " (segment "
                        + (i + 1) + " of /ipfs/" + request.root() + "/" + String.join("/", request.segments()) + ")");
            }
            current = entry.get().cid();
            roots.add(current);
        }
        Resolved resolved = new Resolved(request, roots, current, pathBlocks);
        return switch (request.format()) {
            case RAW -> rawBlock(resolved);
            case CAR -> car(resolved);
            case DAG_JSON, DAG_CBOR, JSON, CBOR -> codecBlock(resolved);
            case DESERIALIZED -> deserialized(resolved);
        };
    }

    /** A request whose path has been followed to {@code terminal}; {@code roots} is one CID per segment. */
    private record Resolved(GatewayRequest request, List<Cid> roots, Cid terminal, PathBlocks pathBlocks) {

        Map<String, String> headers(String etag) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Etag", etag);
            headers.put("Cache-Control", IMMUTABLE);
            headers.put("X-Ipfs-Path", request.contentPath());
            headers.put("X-Ipfs-Roots", roots.stream().map(Cid::toString).collect(Collectors.joining(",")));
            // the same URL answers differently by Accept (raw, CAR, deserialized), so caches must key on it
            headers.put("Vary", "Accept");
            if (request.formatFromAccept()) {
                String query = request.headerSafeQuery();
                headers.put("Content-Location", request.contentPath() + "?"
                        + (query == null || query.isEmpty() ? "" : query + "&")
                        + "format=" + request.format().parameter());
            }
            return headers;
        }
    }

    private PreparedResponse rawBlock(Resolved resolved) {
        Cid cid = resolved.terminal();
        byte[] data = resolved.pathBlocks().get(cid);
        Map<String, String> headers = resolved.headers("\"" + cid + ".raw\"");
        headers.put("Content-Type", ResponseFormat.RAW.mediaType());
        headers.put("Content-Disposition", attachment(resolved.request(), cid + ".bin"));
        headers.put("X-Content-Type-Options", "nosniff");
        return bytes(resolved.request(), headers, data);
    }

    private PreparedResponse car(Resolved resolved) {
        GatewayRequest request = resolved.request();
        List<Cid> traversed = resolved.pathBlocks().readInOrder();
        resolved.pathBlocks().get(resolved.terminal());
        Map<String, String> headers = resolved.headers("\"" + resolved.terminal() + ".car."
                + carEtagDigest(request) + "\"");
        headers.put("Content-Type", request.car().contentType());
        headers.put("Content-Disposition", attachment(request, resolved.terminal() + ".car"));
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Accept-Ranges", "none");
        return conditional(request, headers, () -> PreparedResponse.of(200, headers, new StreamBody(-1,
                out -> CarStream.write(store, request.root(), traversed, resolved.terminal(), request.car(), out))));
    }

    /** Distinguishes CARs of the same terminal reached through different paths or with different options. */
    private static String carEtagDigest(GatewayRequest request) {
        String identity = request.root() + "/" + String.join("/", request.segments()) + "|"
                + request.car().etagSuffix();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * {@code ?format=dag-json|dag-cbor|json|cbor}: the block as it is when its codec already matches, or
     * converted between DAG-JSON and DAG-CBOR.
     */
    private PreparedResponse codecBlock(Resolved resolved) {
        ResponseFormat format = resolved.request().format();
        Cid cid = resolved.terminal();
        long codec = cid.codec();
        byte[] data = resolved.pathBlocks().get(cid);
        boolean wantsJson = format == ResponseFormat.DAG_JSON || format == ResponseFormat.JSON;
        boolean isDagJson = codec == Multicodec.DAG_JSON.code();
        boolean isDagCbor = codec == Multicodec.DAG_CBOR.code();
        boolean asIs = wantsJson
                ? isDagJson || (format == ResponseFormat.JSON && codec == Multicodec.JSON.code())
                : isDagCbor || (format == ResponseFormat.CBOR && codec == Multicodec.CBOR.code());
        byte[] body;
        if (asIs) {
            body = data;
        } else if (wantsJson && isDagCbor) {
            body = DagJson.encode(DagCbor.decodeLenient(data));
        } else if (!wantsJson && isDagJson) {
            body = DagCbor.encode(DagJson.decodeLenient(data));
        } else {
            throw GatewayException.notImplemented("cannot convert " + Multicodec.nameOf(codec) + " block " + cid
                    + " to " + format.parameter());
        }
        Map<String, String> headers = resolved.headers("\"" + cid + "." + format.parameter() + "\"");
        headers.put("Content-Type", format.mediaType());
        return bytes(resolved.request(), headers, body);
    }

    private PreparedResponse deserialized(Resolved resolved) {
        Cid cid = resolved.terminal();
        long codec = cid.codec();
        if (codec == Multicodec.DAG_JSON.code() || codec == Multicodec.DAG_CBOR.code()
                || codec == Multicodec.JSON.code() || codec == Multicodec.CBOR.code()) {
            Map<String, String> headers = resolved.headers("\"" + cid + "\"");
            headers.put("Content-Type", Multicodec.byCode(codec) == Multicodec.JSON ? "application/json"
                    : Multicodec.byCode(codec) == Multicodec.CBOR ? "application/cbor"
                    : "application/vnd.ipld." + Multicodec.nameOf(codec));
            return bytes(resolved.request(), headers, resolved.pathBlocks().get(cid));
        }
        if (codec != Multicodec.DAG_PB.code() && codec != Multicodec.RAW.code()) {
            throw GatewayException.badRequest("codec " + Multicodec.nameOf(codec) + " of " + cid
                    + " has no deserialized form here; ask for ?format=raw or ?format=car");
        }
        UnixFsStat stat = new UnixFsExporter(resolved.pathBlocks()).stat(cid);
        if (stat.type().isFile()) {
            String name = resolved.request().segments().isEmpty() ? null
                    : resolved.request().segments().get(resolved.request().segments().size() - 1);
            return file(resolved, cid, stat.size(), name);
        }
        if (stat.type().isDirectory()) {
            return directory(resolved);
        }
        if (stat.type() == UnixFsStat.Type.SYMLINK) {
            Map<String, String> headers = resolved.headers("\"" + cid + "\"");
            headers.put("Content-Type", "inode/symlink");
            return bytes(resolved.request(), headers, symlinkTarget(resolved.pathBlocks(), cid));
        }
        throw GatewayException.notImplemented("UnixFS " + stat.type() + " node " + cid + " cannot be served");
    }

    /** A symlink is served as its target path, unresolved, as Kubo's gateway does. */
    private static byte[] symlinkTarget(BlockGetter blocks, Cid symlink) {
        try {
            return UnixFsProtos.Data.parseFrom(DagPb.decode(blocks.get(symlink)).data()).getData().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IpldException(IpldException.Code.UNIXFS_MALFORMED, "symlink " + symlink
                    + " has malformed UnixFS Data: " + e.getMessage(), e);
        }
    }

    private PreparedResponse directory(Resolved resolved) {
        GatewayRequest request = resolved.request();
        Cid directory = resolved.terminal();
        if (!request.trailingSlash()) {
            Map<String, String> headers = resolved.headers("\"" + directory + "\"");
            String query = request.headerSafeQuery();
            headers.put("Location", request.contentPath() + "/" + (query == null ? "" : "?" + query));
            return PreparedResponse.of(301, headers, new NoBody());
        }
        Optional<DirectoryEntry> index = new PathResolver(resolved.pathBlocks()).lookup(directory, "index.html");
        if (index.isPresent()) {
            UnixFsStat stat = new UnixFsExporter(resolved.pathBlocks()).stat(index.get().cid());
            if (stat.type().isFile()) {
                return file(resolved, index.get().cid(), stat.size(), "index.html");
            }
        }
        Map<String, String> headers = resolved.headers(DirectoryListingPage.etag(directory));
        headers.put("Content-Type", ContentTypes.HTML);
        return conditional(request, headers, () -> PreparedResponse.of(200, headers, new StreamBody(-1, out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            DirectoryListingPage.write(request.contentPath(), directory, !request.segments().isEmpty(),
                    new DirectoryLister(store).entries(directory), writer);
        })));
    }

    private PreparedResponse file(Resolved resolved, Cid file, long size, String name) {
        GatewayRequest request = resolved.request();
        Map<String, String> headers = resolved.headers("\"" + file + "\"");
        Optional<PreparedResponse> notModified = notModified(request, headers);
        if (notModified.isPresent()) {
            return notModified.get();
        }
        String contentType = ContentTypes.byName(request.filename().orElse(name))
                .orElseGet(() -> ContentTypes.sniff(firstBytes(resolved.pathBlocks(), file, size)));
        headers.put("Content-Type", contentType);
        headers.put("Accept-Ranges", "bytes");
        String dispositionType = request.download() ? "attachment" : "inline";
        if (request.filename().isPresent()) {
            headers.put("Content-Disposition", disposition(dispositionType, request.filename().get()));
        } else if (request.download()) {
            headers.put("Content-Disposition", name == null ? dispositionType : disposition(dispositionType, name));
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(request.range(), size);
        } catch (ByteRange.UnsatisfiableException e) {
            headers.put("Content-Range", "bytes */" + size);
            headers.put("Content-Type", "text/plain; charset=utf-8");
            return PreparedResponse.of(416, headers, new BytesBody((e.getMessage() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        range.ifPresent(r -> headers.put("Content-Range", r.contentRange(size)));
        return PreparedResponse.of(range.isPresent() ? 206 : 200, headers, new StreamBody(length,
                out -> new UnixFsExporter(store).writeTo(file, first, length, out)));
    }

    private static byte[] firstBytes(BlockGetter blocks, Cid file, long size) {
        if (size == 0) {
            return new byte[0];
        }
        try (InputStream in = new UnixFsExporter(blocks).open(file, 0, ContentTypes.SNIFF_LENGTH)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("reading the start of " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Bytes in hand, with single-range support. */
    private static PreparedResponse bytes(GatewayRequest request, Map<String, String> headers, byte[] data) {
        Optional<PreparedResponse> notModified = notModified(request, headers);
        if (notModified.isPresent()) {
            return notModified.get();
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(request.range(), data.length);
        } catch (ByteRange.UnsatisfiableException e) {
            headers.put("Content-Range", "bytes */" + data.length);
            headers.put("Content-Type", "text/plain; charset=utf-8");
            return PreparedResponse.of(416, headers, new BytesBody((e.getMessage() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        if (range.isEmpty()) {
            return PreparedResponse.of(200, headers, new BytesBody(data));
        }
        headers.put("Content-Range", range.get().contentRange(data.length));
        byte[] slice = Arrays.copyOfRange(data, (int) range.get().first(), (int) (range.get().last() + 1));
        return PreparedResponse.of(206, headers, new BytesBody(slice));
    }

    private static PreparedResponse conditional(GatewayRequest request, Map<String, String> headers,
                                                Supplier<PreparedResponse> fresh) {
        return notModified(request, headers).orElseGet(fresh);
    }

    /** 304 when {@code If-None-Match} names the Etag the response would carry. */
    private static Optional<PreparedResponse> notModified(GatewayRequest request, Map<String, String> headers) {
        if (request.ifNoneMatch() == null || !Etags.matches(request.ifNoneMatch(), headers.get("Etag"))) {
            return Optional.empty();
        }
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(name -> name.startsWith("Content-") && !name.equals("Content-Location"));
        return Optional.of(PreparedResponse.of(304, kept, new NoBody()));
    }

    private static String attachment(GatewayRequest request, String defaultName) {
        return disposition("attachment", request.filename().orElse(defaultName));
    }

    /** RFC 6266 with an ASCII fallback and, for other names, the RFC 8187 UTF-8 form. */
    static String disposition(String type, String filename) {
        StringBuilder ascii = new StringBuilder(filename.length());
        boolean plain = true;
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                ascii.append('_');
                plain = false;
            } else {
                ascii.append(c);
            }
        }
        String header = type + "; filename=\"" + ascii + "\"";
        if (!plain) {
            header += "; filename*=UTF-8''" + DirectoryListingPage.encodePathSegment(filename);
        }
        return header;
    }
}
