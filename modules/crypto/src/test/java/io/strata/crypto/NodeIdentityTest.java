package io.strata.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NodeIdentityTest {

    @Test
    void createsOnceThenLoadsTheSameIdentity(@TempDir Path repo) throws Exception {
        NodeIdentity first = NodeIdentity.loadOrCreate(repo, new SecureRandom());
        Path file = repo.resolve(NodeIdentity.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(first.privateKey().marshal(), Files.readAllBytes(file));

        NodeIdentity second = NodeIdentity.loadOrCreate(repo, new SecureRandom());
        assertEquals(first.peerId(), second.peerId());
        assertArrayEquals(first.privateKey().seed(), second.privateKey().seed());
    }

    @Test
    void refusesADamagedKeyFileInsteadOfReplacingIt(@TempDir Path repo) throws Exception {
        Path file = repo.resolve(NodeIdentity.FILE_NAME);
        Files.write(file, new byte[] {8, 1, 18, 3, 1, 2, 3});
        CryptoException error = assertThrows(CryptoException.class, () -> NodeIdentity.loadOrCreate(repo, new SecureRandom()));
        assertEquals(CryptoException.Code.KEY_FILE, error.code());
        assertArrayEquals(new byte[] {8, 1, 18, 3, 1, 2, 3}, Files.readAllBytes(file));
    }
}
