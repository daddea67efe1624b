package io.strata.orbit;

import io.strata.crdt.log.EntrySignature;
import io.strata.crdt.log.EntrySigner;
import io.strata.crypto.Secp256k1PrivateKey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Our own OrbitDB identity with its two secp256k1 keys, made as OrbitDB's {@code publickey} provider makes
 * one: the owner key names the identity ({@code id}) and vouches for the signing key; the signing key signs
 * entries. Signs entries as OrbitDB's {@code Entry.create} does.
 */
public final class OrbitIdentity implements EntrySigner {

    private static final HexFormat HEX = HexFormat.of();

    private final Identity identity;
    private final String hash;
    private final Secp256k1PrivateKey signingKey;

    private OrbitIdentity(Identity identity, Secp256k1PrivateKey signingKey) {
        this.identity = identity;
        this.hash = identity.hash();
        this.signingKey = signingKey;
    }

    /** An identity from fresh keys. */
    public static OrbitIdentity generate(SecureRandom random) {
        return of(Secp256k1PrivateKey.generate(random), Secp256k1PrivateKey.generate(random));
    }

    /**
     * The identity OrbitDB's {@code Identities.createIdentity} makes when its keystore holds {@code ownerKey}
     * under the requested id and {@code signingKey} under the owner's hex public key. RFC 6979 signatures
     * make it byte for byte the same block.
     */
    public static OrbitIdentity of(Secp256k1PrivateKey ownerKey, Secp256k1PrivateKey signingKey) {
        Objects.requireNonNull(ownerKey, "ownerKey");
        Objects.requireNonNull(signingKey, "signingKey");
        String id = HEX.formatHex(ownerKey.publicKey().raw());
        String publicKey = HEX.formatHex(signingKey.publicKey().raw());
        String idSignature = HEX.formatHex(signingKey.sign(id.getBytes(StandardCharsets.UTF_8)));
        String publicKeySignature = HEX.formatHex(ownerKey.sign(
                (publicKey + idSignature).getBytes(StandardCharsets.UTF_8)));
        return new OrbitIdentity(new Identity(id, publicKey, idSignature, publicKeySignature,
                Identity.PUBLICKEY_TYPE), signingKey);
    }

    public Identity identity() {
        return identity;
    }

    /** The identity's hash, as entries carry it. */
    public String hash() {
        return hash;
    }

    /** The id access controllers list. */
    public String id() {
        return identity.id();
    }

    /** The clock id of entries this identity appends (OrbitDB uses the signing public key). */
    public String clockId() {
        return identity.publicKey();
    }

    @Override
    public EntrySignature sign(byte[] unsignedEntryBytes) {
        return new EntrySignature(identity.publicKey(), hash, HEX.formatHex(signingKey.sign(unsignedEntryBytes)));
    }

    @Override
    public String toString() {
        return "OrbitIdentity[" + identity.id() + "]";
    }
}
