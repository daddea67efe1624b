package io.strata.crypto;

import io.strata.multiformats.Multibase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Named private keys in one directory of the repository, laid out as Kubo's keystore is: one file per key,
 * named {@code key_} followed by the key name in unpadded lower-case base32, holding the libp2p
 * {@code PrivateKey} protobuf; the directory is 0700 and the files 0600. The name {@value #SELF} is the
 * node's own identity and is never stored here. Methods block on the file system.
 */
public final class Keystore {

    /** The reserved name of the node's identity key. */
    public static final String SELF = "self";
    public static final int MAX_NAME_BYTES = 128;

    private static final String FILE_PREFIX = "key_";

    private final Path directory;

    private Keystore(Path directory) {
        this.directory = directory;
    }

    /** Opens the keystore in {@code directory}, creating the directory (0700) when it does not exist. */
    public static Keystore open(Path directory) {
        try {
            OwnerOnlyFiles.createDirectory(directory);
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "cannot create the keystore " + directory + ": " + e, e);
        }
        return new Keystore(directory);
    }

    /**
     * Checks a key name as Kubo does (not empty, no '/', no leading '.'), and further refuses {@value #SELF},
     * control characters, and names over {@value #MAX_NAME_BYTES} UTF-8 bytes.
     */
    public static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw invalidName("key names must be at least one character");
        }
        if (name.equals(SELF)) {
            throw invalidName("the key name 'self' is reserved for the node's identity");
        }
        if (name.contains("/")) {
            throw invalidName("key names may not contain slashes");
        }
        if (name.startsWith(".")) {
            throw invalidName("key names may not begin with a period");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw invalidName("key names may not contain control characters");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw invalidName("key names may have at most " + MAX_NAME_BYTES + " bytes");
        }
    }

    public boolean has(String name) {
        validateName(name);
        return Files.isRegularFile(fileOf(name));
    }

    /** Stores a new key; fails with {@code KEY_EXISTS} if the name is taken. */
    public void put(String name, Libp2pPrivateKey key) {
        validateName(name);
        Path file = fileOf(name);
        if (Files.exists(file)) {
            throw new CryptoException(CryptoException.Code.KEY_EXISTS, "key with name '" + name + "' already exists");
        }
        try {
            OwnerOnlyFiles.writeAtomically(file, key.marshal());
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "cannot write key '" + name + "': " + e, e);
        }
    }

    public Libp2pPrivateKey get(String name) {
        validateName(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(fileOf(name));
        } catch (NoSuchFileException e) {
            throw new CryptoException(CryptoException.Code.NO_SUCH_KEY, "no key named '" + name + "'", e);
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "cannot read key '" + name + "': " + e, e);
        }
        try {
            return Libp2pPrivateKey.unmarshal(bytes);
        } catch (CryptoException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "key file of '" + name + "' is unusable: " + e.getMessage(), e);
        }
    }

    public void delete(String name) {
        validateName(name);
        try {
            if (!Files.deleteIfExists(fileOf(name))) {
                throw new CryptoException(CryptoException.Code.NO_SUCH_KEY, "no key named '" + name + "'");
            }
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "cannot delete key '" + name + "': " + e, e);
        }
    }

    /** Renames a key; with {@code force} an existing key of the new name is overwritten, else {@code KEY_EXISTS}. */
    public void rename(String from, String to, boolean force) {
        validateName(from);
        validateName(to);
        Libp2pPrivateKey key = get(from);
        if (from.equals(to)) {
            return;
        }
        if (has(to) && !force) {
            throw new CryptoException(CryptoException.Code.KEY_EXISTS, "key with name '" + to + "' already exists");
        }
        try {
            OwnerOnlyFiles.writeAtomically(fileOf(to), key.marshal());
            Files.delete(fileOf(from));
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "cannot rename key '" + from + "' to '" + to + "': " + e, e);
        }
    }

    /** The stored key names, sorted; files that are not key files are ignored. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, FILE_PREFIX + "*")) {
            for (Path file : files) {
                String encoded = file.getFileName().toString().substring(FILE_PREFIX.length());
                if (encoded.isEmpty() || encoded.endsWith(".tmp")) {
                    continue;
                }
                try {
                    names.add(new String(Multibase.BASE32.decodeRaw(encoded), StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    continue;
                }
            }
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Code.KEY_FILE, "cannot list the keystore " + directory + ": " + e, e);
        }
        names.sort(null);
        return names;
    }

    Path fileOf(String name) {
        return directory.resolve(FILE_PREFIX + Multibase.BASE32.encodeRaw(name.getBytes(StandardCharsets.UTF_8)));
    }

    private static CryptoException invalidName(String message) {
        return new CryptoException(CryptoException.Code.INVALID_KEY_NAME, message);
    }
}
