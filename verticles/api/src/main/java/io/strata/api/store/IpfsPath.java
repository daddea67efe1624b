package io.strata.api.store;

import io.strata.api.rpc.RpcException;
import io.strata.multiformats.Cid;
import io.strata.multiformats.MultiformatException;

import java.util.ArrayList;
import java.util.List;

/**
 * A content path argument as Kubo's commands take it: {@code /ipfs/<cid>/a/b}, {@code /ipld/<cid>/...},
 * {@code ipfs://<cid>/...} or a bare {@code <cid>/a/b}. Parse errors carry Kubo's wording,
 * {@code invalid path "<arg>": <reason>}.
 */
public record IpfsPath(String namespace, Cid root, List<String> segments) {

    public IpfsPath {
        segments = List.copyOf(segments);
    }

    public static IpfsPath parse(String argument) {
        String text = argument;
        if (text.startsWith("ipfs://")) {
            text = "/ipfs/" + text.substring("ipfs://".length());
        } else if (text.startsWith("ipns://")) {
            text = "/ipns/" + text.substring("ipns://".length());
        }
        if (text.startsWith("/")) {
            return parseAbsolute(text, argument);
        }
        try {
            return parseAbsolute("/ipfs/" + text, argument);
        } catch (RpcException e) {
            throw invalid(argument, "path does not have enough components");
        }
    }

    private static IpfsPath parseAbsolute(String text, String original) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.size() < 2) {
            throw invalid(original, "path does not have enough components");
        }
        String namespace = parts.get(0);
        if (namespace.equals("ipns")) {
            throw RpcException.normal("cannot resolve " + original + ": IPNS names are not resolved by this node's RPC API");
        }
        if (!namespace.equals("ipfs") && !namespace.equals("ipld")) {
            throw invalid(original, "unknown namespace");
        }
        try {
            return new IpfsPath(namespace, Cid.parse(parts.get(1)), parts.subList(2, parts.size()));
        } catch (MultiformatException e) {
            throw invalid(original, e.getMessage());
        }
    }

    private static RpcException invalid(String path, String reason) {
        return RpcException.normal("invalid path \"" + path + "\": " + reason);
    }

    /** {@code /ipfs/<root>/<segments...>}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("/").append(namespace).append('/').append(root);
        for (String segment : segments) {
            out.append('/').append(segment);
        }
        return out.toString();
    }
}
