package io.strata.deals;

import io.strata.crypto.Ed25519PrivateKey;
import io.strata.multiformats.Cid;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DealProposalTest {

    private static final HexFormat HEX = HexFormat.of();
    static final Cid PIECE = Cid.parse("baga6ea4seaqdyupo27fj2fk2mtefzlxvrbf6kdi4twdpccdzbyqrbpsvfsh5ula");

    static DealProposal sample(DealLabel label) {
        return new DealProposal(PIECE, 1024, true, FilecoinAddress.parse("f01000"), FilecoinAddress.parse("f01001"),
                label, 100, 200, TokenAmount.ofAtto(101), TokenAmount.ofAtto(102), TokenAmount.ofAtto(103));
    }

    @Test
    void serializesAsFilecoinsDealProposalTuple() {
        // Built by hand from the CBOR spec and Filecoin's field encodings: an 11-element array; the piece
        // CID as tag 42 over 0x00 + CID bytes (40 bytes); 1024; true; address bytes 00 e8 07 and 00 e9 07;
        // "hello" as a text string; 100; 200; big ints 00 65, 00 66, 00 67.
        String expected = "8b" + "d82a5828" + "00" + HEX.formatHex(PIECE.bytes()) + "190400" + "f5"
                + "4300e807" + "4300e907" + "6568656c6c6f" + "1864" + "18c8" + "420065" + "420066" + "420067";
        assertEquals(expected, HEX.formatHex(sample(DealLabel.text("hello")).toCbor()));
    }

    @Test
    void bytesLabelsAreByteStrings() {
        byte[] cbor = sample(DealLabel.bytes("hello".getBytes(StandardCharsets.US_ASCII))).toCbor();
        String hex = HEX.formatHex(cbor);
        assertEquals(true, hex.contains("4568656c6c6f"), hex);
        assertEquals(DealLabel.bytes("hello".getBytes(StandardCharsets.US_ASCII)),
                DealProposal.fromCbor(cbor).label());
    }

    @Test
    void decodeInvertsEncodeAndTheCidIsBlake2bOverDagCbor() {
        DealProposal proposal = sample(DealLabel.text("bafyfoo"));
        assertEquals(proposal, DealProposal.fromCbor(proposal.toCbor()));
        Cid cid = proposal.cid();
        assertEquals(0x71, cid.codec());
        assertEquals(0xb220, cid.multihash().function());
        assertArrayEquals(FilecoinAddress.blake2b(proposal.toCbor(), 32), cid.multihash().digest());
    }

    @Test
    void feesAreExact() {
        DealProposal proposal = sample(DealLabel.EMPTY);
        assertEquals(TokenAmount.ofAtto(101 * 100), proposal.totalStorageFee());
        assertEquals(TokenAmount.ofAtto(101 * 100 + 103), proposal.clientBalanceRequirement());
    }

    @Test
    void malformedBytesFailWithTheFieldNamed() {
        String valid = HEX.formatHex(sample(DealLabel.text("hello")).toCbor());
        String[][] cases = {
                {"8a" + valid.substring(2, valid.length() - 6), "11 fields"},
                {valid.replace("f5", "f6"), "VerifiedDeal"},
                {valid.replace("6568656c6c6f", "05"), "Label"},
                {valid.replace("190400", "3903ff"), "PieceSize"},
                {valid + "00", "canonical"},
                {"a0", "array"}};
        for (String[] c : cases) {
            DealsException e = assertThrows(DealsException.class, () -> DealProposal.fromCbor(HEX.parseHex(c[0])),
                    c[1]);
            assertEquals(DealsException.Code.MALFORMED, e.code(), e.getMessage());
            assertEquals(true, e.getMessage().contains(c[1]), e.getMessage());
        }
        DealsException badAmount = assertThrows(DealsException.class,
                () -> DealProposal.fromCbor(HEX.parseHex(valid.replace("420065", "42ff65"))));
        assertEquals(DealsException.Code.INVALID_TOKEN_AMOUNT, badAmount.code());
    }

    @Test
    void signedProposalRoundTripsAndVerifies() {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(new byte[32]);
        FilecoinAddress client = FilecoinAddress.parse("f01000");
        ClientDealProposal signed = ClientDealProposal.sign(sample(DealLabel.text("x")),
                new Ed25519ClientKey(client, key));
        ClientDealProposal decoded = ClientDealProposal.fromCbor(signed.toCbor());
        assertEquals(signed, decoded);
        assertEquals(DealSignature.Type.ED25519, decoded.clientSignature().type());
        Ed25519Accounts accounts = Ed25519Accounts.empty().with(client, key.publicKey());
        accounts.authenticate(client, decoded.proposal().toCbor(), decoded.clientSignature());
        assertNotEquals(signed.cid(), signed.proposal().cid());
    }

    @Test
    void signingWithAnotherClientsKeyIsRefused() {
        Ed25519ClientKey other = new Ed25519ClientKey(FilecoinAddress.id(7), Ed25519PrivateKey.fromSeed(new byte[32]));
        DealsException e = assertThrows(DealsException.class,
                () -> ClientDealProposal.sign(sample(DealLabel.EMPTY), other));
        assertEquals(DealsException.Code.INVALID_SIGNATURE, e.code());
    }

    @Property(tries = 200)
    void anyFlippedBitOfTheSignedBytesBreaksTheSignatureOrTheEncoding(@ForAll @IntRange(min = 0, max = 10_000) int at) {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(new byte[32]);
        FilecoinAddress client = FilecoinAddress.parse("f01000");
        ClientDealProposal signed = ClientDealProposal.sign(sample(DealLabel.text("label")),
                new Ed25519ClientKey(client, key));
        byte[] bytes = signed.toCbor();
        int bit = at % (bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        Ed25519Accounts accounts = Ed25519Accounts.empty().with(client, key.publicKey());
        assertThrows(DealsException.class, () -> {
            ClientDealProposal tampered = ClientDealProposal.fromCbor(bytes);
            accounts.authenticate(tampered.proposal().client(), tampered.proposal().toCbor(),
                    tampered.clientSignature());
        });
    }
}
