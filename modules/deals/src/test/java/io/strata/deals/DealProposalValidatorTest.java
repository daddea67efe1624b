package io.strata.deals;

import io.strata.crypto.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static io.strata.deals.DealsException.Code.CLIENT_COLLATERAL_OUT_OF_BOUNDS;
import static io.strata.deals.DealsException.Code.DURATION_OUT_OF_BOUNDS;
import static io.strata.deals.DealsException.Code.INVALID_EPOCHS;
import static io.strata.deals.DealsException.Code.INVALID_PIECE_SIZE;
import static io.strata.deals.DealsException.Code.INVALID_SIGNATURE;
import static io.strata.deals.DealsException.Code.LABEL_TOO_LONG;
import static io.strata.deals.DealsException.Code.NOT_A_PIECE_CID;
import static io.strata.deals.DealsException.Code.PRICE_OUT_OF_BOUNDS;
import static io.strata.deals.DealsException.Code.PROVIDER_COLLATERAL_OUT_OF_BOUNDS;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DealProposalValidatorTest {

    private static final FilecoinAddress CLIENT = FilecoinAddress.id(1000);
    private static final FilecoinAddress PROVIDER = FilecoinAddress.id(2000);
    private static final Ed25519PrivateKey CLIENT_KEY = Ed25519PrivateKey.fromSeed(new byte[32]);
    private static final long START = 10_000;

    private final AtomicLong epoch = new AtomicLong(5_000);
    // 1% of 10^6 FIL supply, times a share of 1024 / 2^40 bytes of network power.
    private final MarketPolicy policy = MarketPolicy.filecoin(BigInteger.ONE.shiftLeft(40), BigInteger.ONE.shiftLeft(30),
            TokenAmount.ofFil(1_000_000));
    private final DealProposalValidator validator = new DealProposalValidator(policy,
            Ed25519Accounts.empty().with(CLIENT, CLIENT_KEY.publicKey()), epoch::get);

    private static DealProposal.Builder valid() {
        return new DealProposal.Builder()
                .pieceCid(DealProposalTest.PIECE).pieceSize(1 << 20).client(CLIENT).provider(PROVIDER)
                .label(DealLabel.text("bafy")).startEpoch(START)
                .endEpoch(START + MarketPolicy.FILECOIN_MIN_DURATION)
                .storagePricePerEpoch(TokenAmount.ofAtto(1000)).providerCollateral(TokenAmount.ofFil(1))
                .clientCollateral(TokenAmount.ZERO);
    }

    private ClientDealProposal signed(UnaryOperator<DealProposal.Builder> change) {
        return ClientDealProposal.sign(change.apply(valid()).build(), new Ed25519ClientKey(CLIENT, CLIENT_KEY));
    }

    private DealsException refusal(UnaryOperator<DealProposal.Builder> change) {
        return assertThrows(DealsException.class, () -> validator.validate(signed(change)));
    }

    @Test
    void aValidProposalPasses() {
        assertDoesNotThrow(() -> validator.validate(signed(b -> b)));
        assertDoesNotThrow(() -> validator.validate(signed(b -> b.label(DealLabel.bytes(new byte[256])))));
        assertDoesNotThrow(() -> validator.validate(signed(b -> b.pieceSize(128))));
    }

    @Test
    void minimumProviderCollateralFollowsTheMarketFormula() {
        // 1% of 10^6 FIL (10^24 attoFIL) times the share 2^20 / 2^40, rounded down.
        BigInteger expected = BigInteger.TEN.pow(24).shiftLeft(20).divide(BigInteger.ONE.shiftLeft(40))
                .divide(BigInteger.valueOf(100));
        assertEquals(expected, policy.minProviderCollateral(1 << 20).attoFil());
        DealsException low = refusal(b -> b.providerCollateral(TokenAmount.ofAtto(expected.subtract(BigInteger.ONE))));
        assertEquals(PROVIDER_COLLATERAL_OUT_OF_BOUNDS, low.code());
        assertDoesNotThrow(() -> validator.validate(signed(b -> b.providerCollateral(TokenAmount.ofAtto(expected)))));
    }

    @Test
    void unsignedOrWronglySignedProposalsAreRefused() {
        DealProposal proposal = valid().build();
        ClientDealProposal unsigned = new ClientDealProposal(proposal, new DealSignature(DealSignature.Type.ED25519,
                new byte[0]));
        assertEquals(INVALID_SIGNATURE, assertThrows(DealsException.class, () -> validator.validate(unsigned)).code());

        Ed25519PrivateKey stranger = Ed25519PrivateKey.fromSeed(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
                29, 30, 31, 32});
        ClientDealProposal forged = ClientDealProposal.sign(proposal, new Ed25519ClientKey(CLIENT, stranger));
        DealsException e = assertThrows(DealsException.class, () -> validator.validate(forged));
        assertEquals(INVALID_SIGNATURE, e.code());
        assertTrue(e.getMessage().contains("f01000"), e.getMessage());

        ClientDealProposal tampered = new ClientDealProposal(valid().label(DealLabel.text("other")).build(),
                signed(b -> b).clientSignature());
        assertEquals(INVALID_SIGNATURE, assertThrows(DealsException.class, () -> validator.validate(tampered)).code());

        ClientDealProposal secp = new ClientDealProposal(proposal, new DealSignature(DealSignature.Type.SECP256K1,
                new byte[65]));
        assertEquals(INVALID_SIGNATURE, assertThrows(DealsException.class, () -> validator.validate(secp)).code());

        ClientDealProposal unknownClient = ClientDealProposal.sign(valid().client(FilecoinAddress.id(3)).build(),
                new Ed25519ClientKey(FilecoinAddress.id(3), CLIENT_KEY));
        DealsException unknown = assertThrows(DealsException.class, () -> validator.validate(unknownClient));
        assertEquals(INVALID_SIGNATURE, unknown.code());
        assertTrue(unknown.getMessage().contains("no known"), unknown.getMessage());
    }

    @Test
    void eachTermOutOfBoundsHasItsOwnCode() {
        assertEquals(LABEL_TOO_LONG, refusal(b -> b.label(DealLabel.bytes(new byte[257]))).code());
        assertEquals(LABEL_TOO_LONG, refusal(b -> b.label(DealLabel.text("é".repeat(129)))).code());
        assertEquals(INVALID_PIECE_SIZE, refusal(b -> b.pieceSize(64)).code());
        assertEquals(INVALID_PIECE_SIZE, refusal(b -> b.pieceSize(3 << 10)).code());
        assertEquals(INVALID_PIECE_SIZE, refusal(b -> b.pieceSize(0)).code());
        assertEquals(NOT_A_PIECE_CID, refusal(b -> b.pieceCid(PieceInfo.forPaddedSize(PieceCid.root(
                DealProposalTest.PIECE), 1 << 20).toV2())).code());
        assertEquals(INVALID_EPOCHS, refusal(b -> b.endEpoch(START)).code());
        assertEquals(INVALID_EPOCHS, refusal(b -> b.startEpoch(4_999).endEpoch(4_999 + 600_000)).code());
        assertEquals(DURATION_OUT_OF_BOUNDS, refusal(b -> b.endEpoch(START + MarketPolicy.FILECOIN_MIN_DURATION - 1))
                .code());
        assertEquals(DURATION_OUT_OF_BOUNDS, refusal(b -> b.endEpoch(START + MarketPolicy.FILECOIN_MAX_DURATION + 1))
                .code());
        assertEquals(PRICE_OUT_OF_BOUNDS, refusal(b -> b.storagePricePerEpoch(TokenAmount.ofAtto(-1))).code());
        assertEquals(PRICE_OUT_OF_BOUNDS, refusal(b -> b.storagePricePerEpoch(
                TokenAmount.TOTAL_FILECOIN.plus(TokenAmount.ofAtto(1)))).code());
        assertEquals(PROVIDER_COLLATERAL_OUT_OF_BOUNDS, refusal(b -> b.providerCollateral(
                TokenAmount.TOTAL_FILECOIN.plus(TokenAmount.ofAtto(1)))).code());
        assertEquals(CLIENT_COLLATERAL_OUT_OF_BOUNDS, refusal(b -> b.clientCollateral(TokenAmount.ofAtto(-1))).code());
        assertEquals(CLIENT_COLLATERAL_OUT_OF_BOUNDS, refusal(b -> b.clientCollateral(
                TokenAmount.TOTAL_FILECOIN.plus(TokenAmount.ofAtto(1)))).code());
    }

    @Test
    void theStartEpochMayBeTheCurrentOneButNotAPastOne() {
        epoch.set(START);
        assertDoesNotThrow(() -> validator.validate(signed(b -> b)));
        epoch.set(START + 1);
        DealsException e = refusal(b -> b);
        assertEquals(INVALID_EPOCHS, e.code());
        assertTrue(e.getMessage().contains("already elapsed"), e.getMessage());
    }

    @Test
    void durationBoundsAreInclusive() {
        assertDoesNotThrow(() -> validator.validate(signed(b -> b.endEpoch(START + MarketPolicy.FILECOIN_MAX_DURATION))));
        MarketPolicy shortDeals = policy.withDurations(10, 100);
        DealProposalValidator lenient = new DealProposalValidator(shortDeals,
                Ed25519Accounts.empty().with(CLIENT, CLIENT_KEY.publicKey()), epoch::get);
        assertDoesNotThrow(() -> lenient.validate(signed(b -> b.endEpoch(START + 10))));
        assertThrows(DealsException.class, () -> lenient.validate(signed(b -> b.endEpoch(START + 9))));
    }
}
