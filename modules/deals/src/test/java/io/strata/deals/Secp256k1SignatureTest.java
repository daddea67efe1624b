package io.strata.deals;

import io.strata.crypto.Secp256k1PrivateKey;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Secp256k1SignatureTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Secp256k1PrivateKey KEY = Secp256k1PrivateKey.fromRaw(
            HEX.parseHex("01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da"));

    @Test
    void signaturesMatchNobleCurvesOverTheBlake2bDigest() {
        // @noble/curves 2.4.0: secp256k1.sign(blake2b(message, {dkLen: 32}), key, {prehash: false,
        // format: 'recovered'}) gave 00 || r || s; Filecoin writes r || s || recovery id.
        byte[] message = "strata deal proposal bytes".getBytes(StandardCharsets.US_ASCII);
        String expected = "51c783fcf53ddd5560acd20eb137d7b2029584378783870999a8e7aaf71fd7c6"
                + "1697491022171f6e7c6aca47ece537186d09336177889cc1af76d3abd4c3d715" + "00";
        DealSignature signature = new Secp256k1ClientKey(KEY).sign(message);
        assertEquals(DealSignature.Type.SECP256K1, signature.type());
        assertEquals(expected, HEX.formatHex(signature.data()));
        assertEquals("04b37e346e416155b2b0fa289e09ca1f70a2c6fed7da70a9080520219f161050c1"
                        + "27c7290bff83b48bad4adeffc490ddfbc8fd85ca592c9181d84d07d611ae8ef1",
                HEX.formatHex(FilecoinSecp256k1.recoverPublicKey(signature.data(), message)));
    }

    @Test
    void proposalsSignedWithSecp256k1PassTheValidatorUnderTheF1AddressOrAnIdAddress() {
        Secp256k1ClientKey client = new Secp256k1ClientKey(KEY);
        assertEquals(FilecoinAddress.Protocol.SECP256K1, client.address().protocol());
        DealProposal proposal = DealTest.signedProposal().proposal().toBuilder().client(client.address()).build();
        ClientDealProposal signed = ClientDealProposal.sign(proposal, client);
        ClientDealProposal decoded = ClientDealProposal.fromCbor(signed.toCbor());
        ClientAuthenticator accounts = ClientAuthenticator.bySignatureType(Ed25519Accounts.empty(),
                Secp256k1Accounts.create());
        assertDoesNotThrow(() -> accounts.authenticate(proposal.client(), proposal.toCbor(),
                decoded.clientSignature()));

        FilecoinAddress id = FilecoinAddress.id(1234);
        Secp256k1Accounts registered = Secp256k1Accounts.create().with(id, client.address());
        DealProposal byId = proposal.toBuilder().client(id).build();
        DealSignature signature = client.sign(byId.toCbor());
        assertDoesNotThrow(() -> registered.authenticate(id, byId.toCbor(), signature));
        DealsException unknown = assertThrows(DealsException.class,
                () -> Secp256k1Accounts.create().authenticate(id, byId.toCbor(), signature));
        assertTrue(unknown.getMessage().contains("no known"), unknown.getMessage());

        Secp256k1ClientKey other = new Secp256k1ClientKey(Secp256k1PrivateKey.fromRaw(new byte[] {
                9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}));
        DealsException forged = assertThrows(DealsException.class,
                () -> registered.authenticate(id, byId.toCbor(), other.sign(byId.toCbor())));
        assertEquals(DealsException.Code.INVALID_SIGNATURE, forged.code());
        assertTrue(forged.getMessage().contains("signed by " + other.address()), forged.getMessage());
        DealsException bls = assertThrows(DealsException.class, () -> accounts.authenticate(proposal.client(),
                proposal.toCbor(), new DealSignature(DealSignature.Type.BLS, new byte[96])));
        assertEquals(DealsException.Code.INVALID_SIGNATURE, bls.code());
    }

    @Test
    void malformedSignaturesAreRefused() {
        byte[] message = {1, 2, 3};
        byte[] good = new Secp256k1ClientKey(KEY).sign(message).data();
        byte[] shortSignature = Arrays.copyOf(good, 64);
        byte[] badRecovery = good.clone();
        badRecovery[64] = 2;
        byte[] zeroR = good.clone();
        Arrays.fill(zeroR, 0, 32, (byte) 0);
        for (byte[] signature : new byte[][] {shortSignature, badRecovery, zeroR}) {
            assertEquals(DealsException.Code.INVALID_SIGNATURE, assertThrows(DealsException.class,
                    () -> FilecoinSecp256k1.recoverPublicKey(signature, message)).code());
        }
    }

    @Property(tries = 50)
    void anyFlippedBitChangesTheRecoveredSigner(@ForAll @IntRange(min = 0, max = 65 * 8 - 1) int bit) {
        byte[] message = "proposal".getBytes(StandardCharsets.US_ASCII);
        Secp256k1ClientKey client = new Secp256k1ClientKey(KEY);
        byte[] signature = client.sign(message).data();
        signature[bit / 8] ^= (byte) (1 << (bit % 8));
        DealSignature tampered = new DealSignature(DealSignature.Type.SECP256K1, signature);
        assertThrows(DealsException.class,
                () -> Secp256k1Accounts.create().authenticate(client.address(), message, tampered));
    }
}
