package io.strata.crypto;

import io.strata.multiformats.PeerId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A node's long-lived key pair and the peer id derived from it. The private key lives in the repository
 * as {@value #FILE_NAME}, a libp2p {@code PrivateKey} protobuf readable only by its owner (0600).
 */
public record NodeIdentity(Ed25519PrivateKey privateKey) {

    public static final String FILE_NAME = "identity.key";

    /** The identity stored in {@code repoDirectory}, generated and stored first when there is none. */
    public static NodeIdentity loadOrCreate(Path repoDirectory, SecureRandom random) {
        Path file = repoDirectory.resolve(FILE_NAME);
        try {
            return load(file);
        } catch (CryptoException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
        }
        NodeIdentity created = new NodeIdentity(Ed25519PrivateKey.generate(random));
        created.store(file);
        return created;
    }

    public static NodeIdentity load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "cannot read the identity key " + file + ": " + e, e);
        }
        try {
            return new NodeIdentity(Ed25519PrivateKey.unmarshal(bytes));
        } catch (CryptoException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "the identity key " + file + " is unusable: " + e.getMessage(), e);
        }
    }

    /** Writes the key to {@code file} durably and atomically: a crash leaves the old file or the complete new one. */
    public void store(Path file) {
        try {
            OwnerOnlyFiles.writeAtomically(file, privateKey.marshal());
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "cannot write the identity key " + file + ": " + e, e);
        }
    }

    public Ed25519PublicKey publicKey() {
        return privateKey.publicKey();
    }

    public PeerId peerId() {
        return privateKey.publicKey().peerId();
    }
}
