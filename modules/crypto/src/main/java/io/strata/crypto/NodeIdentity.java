package io.strata.crypto;

import io.strata.multiformats.PeerId;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * A node's long-lived key pair and the peer id derived from it. The private key lives in the repository
 * as {@value #FILE_NAME}, a libp2p {@code PrivateKey} protobuf readable only by its owner (0600).
 */
public record NodeIdentity(Ed25519PrivateKey privateKey) {

    public static final String FILE_NAME = "identity.key";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

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
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnlyAttributes())) {
                ByteBuffer buffer = ByteBuffer.wrap(privateKey.marshal());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
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

    private static FileAttribute<?>[] ownerOnlyAttributes() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        }
        return new FileAttribute<?>[0];
    }
}
