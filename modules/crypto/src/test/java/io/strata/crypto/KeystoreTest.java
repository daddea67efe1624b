package io.strata.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeystoreTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void storesKeysInOwnerOnlyFilesNamedAsKuboNamesThem(@TempDir Path repo) throws Exception {
        Path directory = repo.resolve("keystore");
        Keystore keystore = Keystore.open(directory);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.ED25519, 0, random);
        keystore.put("mykey", key);
        // "mykey" in unpadded lower-case base32 (Python: base64.b32encode(b"mykey").lower())
        Path file = directory.resolve("key_nv4wwzlz");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(key.marshal(), Files.readAllBytes(file));
        assertEquals(key.publicKey(), keystore.get("mykey").publicKey());
        assertTrue(keystore.has("mykey"));
    }

    @Test
    void listsRenamesAndDeletes(@TempDir Path repo) {
        Keystore keystore = Keystore.open(repo);
        Libp2pPrivateKey first = Libp2pPrivateKey.generate(KeyType.SECP256K1, 0, random);
        Libp2pPrivateKey second = Libp2pPrivateKey.generate(KeyType.ED25519, 0, random);
        keystore.put("b-key", first);
        keystore.put("a key with spaces and ünïcode", second);
        assertEquals(List.of("a key with spaces and ünïcode", "b-key"), keystore.names());

        assertEquals(CryptoException.Code.KEY_EXISTS,
                assertThrows(CryptoException.class, () -> keystore.rename("b-key", "a key with spaces and ünïcode", false)).code());
        keystore.rename("b-key", "c-key", false);
        assertEquals(List.of("a key with spaces and ünïcode", "c-key"), keystore.names());
        assertEquals(first.publicKey(), keystore.get("c-key").publicKey());

        keystore.rename("c-key", "a key with spaces and ünïcode", true);
        assertEquals(List.of("a key with spaces and ünïcode"), keystore.names());
        assertEquals(first.publicKey(), keystore.get("a key with spaces and ünïcode").publicKey());

        keystore.delete("a key with spaces and ünïcode");
        assertEquals(List.of(), keystore.names());
        assertEquals(CryptoException.Code.NO_SUCH_KEY, assertThrows(CryptoException.class, () -> keystore.get("c-key")).code());
        assertEquals(CryptoException.Code.NO_SUCH_KEY, assertThrows(CryptoException.class, () -> keystore.delete("c-key")).code());
    }

    @Test
    void refusesDuplicateAndInvalidNames(@TempDir Path repo) {
        Keystore keystore = Keystore.open(repo);
        Libp2pPrivateKey key = Libp2pPrivateKey.generate(KeyType.ED25519, 0, random);
        keystore.put("k", key);
        assertEquals(CryptoException.Code.KEY_EXISTS, assertThrows(CryptoException.class, () -> keystore.put("k", key)).code());
        for (String name : new String[] {"", "self", "a/b", ".hidden", "tab\there", "x".repeat(129)}) {
            assertEquals(CryptoException.Code.INVALID_KEY_NAME,
                    assertThrows(CryptoException.class, () -> keystore.put(name, key), name).code(), name);
        }
        assertFalse(keystore.names().contains("self"));
    }

    @Test
    void refusesADamagedKeyFile(@TempDir Path repo) throws Exception {
        Keystore keystore = Keystore.open(repo);
        Files.write(repo.resolve("key_nv4wwzlz"), new byte[] {8, 1, 18, 1, 0});
        assertEquals(CryptoException.Code.KEY_FILE, assertThrows(CryptoException.class, () -> keystore.get("mykey")).code());
    }
}
