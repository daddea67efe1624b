package io.strata.orbit;

import io.strata.multiformats.Cid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormatsTest {

    @Test
    void manifestsRoundTripAndNameTheirAddresses() {
        AccessControllerManifest access = AccessControllerManifest.writers(List.of("02aa", "03bb"));
        assertEquals(access, AccessControllerManifest.decode(access.toBlock().data()));
        assertEquals(access.toBlock().cid(), AccessControllerManifest.cidOf(access.address()));
        assertTrue(access.address().startsWith("/ipfs/zdpu"));

        DatabaseManifest manifest = new DatabaseManifest("db", "keyvalue", access.address());
        assertEquals(manifest, DatabaseManifest.decode(manifest.toBlock().data()));
        DatabaseManifest withMeta = new DatabaseManifest("db", "keyvalue", access.address(), Map.of("a", 1L));
        assertEquals(withMeta, DatabaseManifest.decode(withMeta.toBlock().data()));

        OrbitAddress address = manifest.address();
        assertEquals(address, OrbitAddress.parse(address.toString()));
        assertEquals(address, OrbitAddress.parse(address + "/"));
        assertEquals(manifest.toBlock().cid(), address.manifest());
    }

    @Test
    void writeListsAdmitTheirWritersOrEveryone() {
        assertTrue(AccessControllerManifest.writers(List.of("02aa")).admits("02aa"));
        assertEquals(false, AccessControllerManifest.writers(List.of("02aa")).admits("03bb"));
        assertTrue(AccessControllerManifest.writers(List.of(AccessControllerManifest.ANY_WRITER)).admits("03bb"));
    }

    @Test
    void malformedInputsAreRefusedWithTheirCode() {
        for (String bad : List.of("orbitdb/zdpu", "/orbitdb/", "/orbitdb/zdpuX0OIl", "/ipfs/zdpuAmrcSRUhkQcnRQ6p4bphs7DJWGBkqczSGFYynX6moTcDL",
                "/orbitdb/bafyreigdmqpykrgxyaxtlafqpqhzrb7qy2rh75nldvfd4tucqmp5xdkr3q")) {
            assertEquals(OrbitException.Code.ADDRESS_INVALID,
                    assertThrows(OrbitException.class, () -> OrbitAddress.parse(bad)).code(), bad);
        }
        byte[] notAMap = io.strata.ipld.codec.DagCbor.encode(List.of("x"));
        assertEquals(OrbitException.Code.MANIFEST_MALFORMED,
                assertThrows(OrbitException.class, () -> DatabaseManifest.decode(notAMap)).code());
        assertEquals(OrbitException.Code.IDENTITY_MALFORMED,
                assertThrows(OrbitException.class, () -> Identity.decode(notAMap)).code());
        byte[] noType = io.strata.ipld.codec.DagCbor.encode(Map.of("name", "n", "accessController", "/ipfs/x"));
        assertEquals(OrbitException.Code.MANIFEST_MALFORMED,
                assertThrows(OrbitException.class, () -> DatabaseManifest.decode(noType)).code());
    }

    @Test
    void identitiesRoundTripAndCheckTheirCid() {
        Identity identity = new Identity("02aa", "03bb", "3044aa", "3045bb", Identity.PUBLICKEY_TYPE);
        assertEquals(identity, Identity.decode(identity.toBlock().data()));
        assertEquals(identity, Identity.decode(identity.cid(), identity.toBlock().data()));
        Cid other = new Identity("02ab", "03bb", "3044aa", "3045bb", "publickey").cid();
        assertEquals(OrbitException.Code.IDENTITY_MALFORMED,
                assertThrows(OrbitException.class, () -> Identity.decode(other, identity.toBlock().data())).code());
    }
}
