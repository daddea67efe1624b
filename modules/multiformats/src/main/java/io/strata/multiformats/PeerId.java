package io.strata.multiformats;

import java.util.Arrays;
import java.util.Optional;

import static io.strata.multiformats.MultiformatException.Code.PEER_ID_INVALID;

/**
 * A libp2p peer id: the multihash of a node's protobuf-encoded {@code PublicKey}. Keys of at most
 * {@value #MAX_INLINE_KEY_LENGTH} bytes (Ed25519, secp256k1) are inlined with the identity hash and print as
 * {@code 12D3KooW...} or {@code 16Uiu2...}; longer keys (RSA, ECDSA) are hashed with sha2-256 and print as
 * {@code Qm...}. Text forms: the legacy bare base58btc multihash, and a CIDv1 with codec libp2p-key in any
 * multibase (Kubo prints base36, {@code k51...}, for IPNS names). Equality is on the multihash.
 */
public final class PeerId implements Comparable<PeerId> {

    /** Longest serialized public key that is inlined rather than hashed (libp2p peer-ids spec). */
    public static final int MAX_INLINE_KEY_LENGTH = 42;

    private final Multihash multihash;

    private PeerId(Multihash multihash) {
        this.multihash = multihash;
    }

    /** The peer id of a protobuf-encoded libp2p {@code PublicKey} message. */
    public static PeerId fromPublicKey(byte[] publicKeyProtobuf) {
        Multihash multihash = publicKeyProtobuf.length <= MAX_INLINE_KEY_LENGTH
                ? Multihash.of(Multicodec.IDENTITY, publicKeyProtobuf)
                : Multihash.sha256(publicKeyProtobuf);
        return new PeerId(multihash);
    }

    /** Accepts the two multihash forms the spec defines: identity (at most 42 bytes) and a 32-byte sha2-256. */
    public static PeerId fromMultihash(Multihash multihash) {
        long function = multihash.function();
        if (function == Multicodec.IDENTITY.code()) {
            if (multihash.digestLength() > MAX_INLINE_KEY_LENGTH) {
                throw new MultiformatException(PEER_ID_INVALID, "identity peer id inlines "
                        + multihash.digestLength() + " bytes of key; at most " + MAX_INLINE_KEY_LENGTH
                        + " are allowed (longer keys are hashed with sha2-256)");
            }
        } else if (function != Multicodec.SHA2_256.code() || multihash.digestLength() != 32) {
            throw new MultiformatException(PEER_ID_INVALID, "a peer id is an identity or 32-byte sha2-256 multihash; got "
                    + Multicodec.nameOf(function) + " with a " + multihash.digestLength() + "-byte digest");
        }
        return new PeerId(multihash);
    }

    /** Parses the binary form: the multihash bytes. */
    public static PeerId fromBytes(byte[] bytes) {
        return fromMultihash(Multihash.fromBytes(bytes));
    }

    /** The peer id a CIDv1 with codec libp2p-key names. */
    public static PeerId fromCid(Cid cid) {
        if (cid.version() != 1 || cid.codec() != Multicodec.LIBP2P_KEY.code()) {
            throw new MultiformatException(PEER_ID_INVALID, "a peer id CID must be version 1 with codec libp2p-key (0x72); got "
                    + "version " + cid.version() + " with codec " + Multicodec.nameOf(cid.codec()));
        }
        return fromMultihash(cid.multihash());
    }

    /**
     * Parses either text form, as the peer-ids spec says: text starting with '1' or "Qm" is a bare
     * base58btc multihash; anything else is a multibase CID with codec libp2p-key.
     */
    public static PeerId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new MultiformatException(PEER_ID_INVALID, "empty peer id");
        }
        if (text.startsWith("1") || text.startsWith("Qm")) {
            return fromBytes(Multibase.BASE58BTC.decodeRaw(text));
        }
        return fromCid(Cid.parse(text));
    }

    public Multihash multihash() {
        return multihash;
    }

    /** The binary form (the multihash), as carried in libp2p messages and DHT keys. */
    public byte[] bytes() {
        return multihash.bytes();
    }

    /** The protobuf-encoded public key when it is inlined (identity multihash); empty for hashed keys. */
    public Optional<byte[]> publicKey() {
        return multihash.function() == Multicodec.IDENTITY.code()
                ? Optional.of(multihash.digest())
                : Optional.empty();
    }

    /** True when {@code publicKeyProtobuf} is the key this id was derived from. */
    public boolean matchesPublicKey(byte[] publicKeyProtobuf) {
        return equals(fromPublicKey(publicKeyProtobuf));
    }

    /** The legacy text form: the bare base58btc multihash ({@code 12D3KooW...}, {@code Qm...}). */
    public String toBase58() {
        return Multibase.BASE58BTC.encodeRaw(multihash.bytes());
    }

    /** The CIDv1 form with codec libp2p-key. */
    public Cid toCid() {
        return Cid.v1(Multicodec.LIBP2P_KEY, multihash);
    }

    /** The CIDv1 form in {@code base}, e.g. {@link Multibase#BASE36} for {@code k51...}. */
    public String toString(Multibase base) {
        return toCid().toString(base);
    }

    /** The legacy base58btc form, as Kubo prints peer ids. */
    @Override
    public String toString() {
        return toBase58();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PeerId that && multihash.equals(that.multihash);
    }

    @Override
    public int hashCode() {
        return multihash.hashCode();
    }

    @Override
    public int compareTo(PeerId other) {
        return Arrays.compareUnsigned(multihash.bytes(), other.multihash.bytes());
    }
}
