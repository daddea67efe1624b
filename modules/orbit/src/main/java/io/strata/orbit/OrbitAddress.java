package io.strata.orbit;

import io.strata.multiformats.Cid;

import java.util.Objects;

import static io.strata.orbit.OrbitException.Code.ADDRESS_INVALID;

/**
 * An OrbitDB database address, {@code /orbitdb/<manifest CID in base58btc>}. Its string form is also the
 * {@code id} of every entry in the database's log.
 */
public record OrbitAddress(Cid manifest) {

    private static final String PREFIX = "/orbitdb/";

    public OrbitAddress {
        Objects.requireNonNull(manifest, "manifest");
        manifest = manifest.toV1();
    }

    /**
     * Parses {@code /orbitdb/<cid>} (a trailing slash allowed), as OrbitDB's {@code parseAddress} accepts it.
     *
     * @throws OrbitException {@code ADDRESS_INVALID}
     */
    public static OrbitAddress parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new OrbitException(ADDRESS_INVALID, "an OrbitDB address starts with " + PREFIX + ": " + text);
        }
        String hash = text.substring(PREFIX.length());
        if (hash.endsWith("/")) {
            hash = hash.substring(0, hash.length() - 1);
        }
        if (hash.isEmpty() || hash.indexOf('/') >= 0 || !hash.startsWith("z")) {
            throw new OrbitException(ADDRESS_INVALID, "an OrbitDB address is " + PREFIX
                    + "<base58btc CID>: " + text);
        }
        return new OrbitAddress(OrbitBlocks.parseCid(hash, ADDRESS_INVALID, "address"));
    }

    @Override
    public String toString() {
        return PREFIX + OrbitBlocks.hash(manifest);
    }
}
