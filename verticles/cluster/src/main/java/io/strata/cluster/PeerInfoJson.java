package io.strata.cluster;

import io.strata.multiformats.MultiformatException;
import io.strata.multiformats.PeerId;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of a {@link PeerInfo} in the cluster-wide member map:
 * {@code {"peerId":"12D3KooW...","addresses":["/ip4/..."],"tags":{"region":"eu-west"}}}. Plain JSON, so a
 * member running another version can still read it.
 */
public final class PeerInfoJson {

    private PeerInfoJson() {
    }

    public static String encode(PeerInfo peer) {
        return new JsonObject()
                .put("peerId", peer.peerId().toBase58())
                .put("addresses", new JsonArray(List.copyOf(peer.addresses())))
                .put("tags", new JsonObject(new LinkedHashMap<>(peer.tags())))
                .encode();
    }

    /** Fails with IllegalArgumentException naming what is wrong. */
    public static PeerInfo decode(String text) {
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("a member entry is not JSON: " + e.getMessage(), e);
        }
        if (!(json.getValue("peerId") instanceof String peerId)) {
            throw new IllegalArgumentException("a member entry has no peerId: " + text);
        }
        List<String> addresses = new ArrayList<>();
        Object addressList = json.getValue("addresses");
        if (addressList instanceof JsonArray array) {
            for (Object address : array) {
                if (!(address instanceof String string)) {
                    throw new IllegalArgumentException("a member entry has a non-text address: " + text);
                }
                addresses.add(string);
            }
        } else if (addressList != null) {
            throw new IllegalArgumentException("a member entry's addresses are not a list: " + text);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Object tagMap = json.getValue("tags");
        if (tagMap instanceof JsonObject object) {
            object.forEach(entry -> tags.put(entry.getKey(), String.valueOf(entry.getValue())));
        } else if (tagMap != null) {
            throw new IllegalArgumentException("a member entry's tags are not a map: " + text);
        }
        try {
            return new PeerInfo(PeerId.parse(peerId), addresses, tags);
        } catch (MultiformatException e) {
            throw new IllegalArgumentException("a member entry's peerId is invalid: " + e.getMessage(), e);
        }
    }
}
