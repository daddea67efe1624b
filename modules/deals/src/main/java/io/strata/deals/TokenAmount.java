package io.strata.deals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import static io.strata.deals.DealsException.Code.INVALID_TOKEN_AMOUNT;

/**
 * An amount of FIL in attoFIL (10^-18 FIL), exact. Serialized as Filecoin serializes its big integers: a CBOR
 * byte string that is empty for zero, else a sign byte (0x00 positive, 0x01 negative) followed by the
 * magnitude big-endian without leading zeros; at most {@link #MAX_ENCODED_LENGTH} bytes.
 */
public record TokenAmount(BigInteger attoFil) implements Comparable<TokenAmount> {

    public static final BigInteger ATTO_PER_FIL = BigInteger.TEN.pow(18);
    public static final TokenAmount ZERO = new TokenAmount(BigInteger.ZERO);
    /** Filecoin's total supply, 2 * 10^9 FIL: the upper bound of every price and collateral. */
    public static final TokenAmount TOTAL_FILECOIN = new TokenAmount(BigInteger.valueOf(2_000_000_000L)
            .multiply(ATTO_PER_FIL));
    /** The FVM's limit on a serialized big integer (sign byte included). */
    public static final int MAX_ENCODED_LENGTH = 128;

    public TokenAmount {
        Objects.requireNonNull(attoFil, "attoFil");
    }

    public static TokenAmount ofAtto(long attoFil) {
        return new TokenAmount(BigInteger.valueOf(attoFil));
    }

    public static TokenAmount ofAtto(BigInteger attoFil) {
        return new TokenAmount(attoFil);
    }

    /** Whole FIL. */
    public static TokenAmount ofFil(long fil) {
        return new TokenAmount(BigInteger.valueOf(fil).multiply(ATTO_PER_FIL));
    }

    /**
     * A decimal FIL amount such as {@code "0.0000001"}.
     *
     * @throws DealsException {@code INVALID_TOKEN_AMOUNT} if it is not a number or has more than 18 decimals
     */
    public static TokenAmount parseFil(String fil) {
        try {
            return new TokenAmount(new BigDecimal(fil).movePointRight(18).toBigIntegerExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new DealsException(INVALID_TOKEN_AMOUNT, "\"" + fil
                    + "\" is not a FIL amount with at most 18 decimals", e);
        }
    }

    /** Decodes Filecoin's big-integer bytes, refusing every non-canonical form. */
    public static TokenAmount decode(byte[] bytes) {
        if (bytes.length == 0) {
            return ZERO;
        }
        if (bytes.length > MAX_ENCODED_LENGTH) {
            throw new DealsException(INVALID_TOKEN_AMOUNT, "a big integer is at most " + MAX_ENCODED_LENGTH
                    + " bytes; got " + bytes.length);
        }
        int sign = bytes[0];
        if (sign != 0 && sign != 1) {
            throw new DealsException(INVALID_TOKEN_AMOUNT, "a big integer starts with sign byte 0x00 or 0x01; got 0x"
                    + HexFormat.of().toHexDigits(bytes[0]));
        }
        if (bytes.length == 1) {
            throw new DealsException(INVALID_TOKEN_AMOUNT, "a big integer with a sign byte and no magnitude is not"
                    + " canonical; zero is the empty byte string");
        }
        if (bytes[1] == 0) {
            throw new DealsException(INVALID_TOKEN_AMOUNT, "big integer magnitude " + HexFormat.of().formatHex(bytes, 1,
                    bytes.length) + " has a leading zero byte");
        }
        BigInteger magnitude = new BigInteger(1, Arrays.copyOfRange(bytes, 1, bytes.length));
        return new TokenAmount(sign == 1 ? magnitude.negate() : magnitude);
    }

    public byte[] encode() {
        if (attoFil.signum() == 0) {
            return new byte[0];
        }
        byte[] magnitude = attoFil.abs().toByteArray();
        int skip = magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[magnitude.length - skip + 1];
        out[0] = (byte) (attoFil.signum() < 0 ? 1 : 0);
        System.arraycopy(magnitude, skip, out, 1, magnitude.length - skip);
        if (out.length > MAX_ENCODED_LENGTH) {
            throw new DealsException(INVALID_TOKEN_AMOUNT, "amount " + attoFil + " needs " + out.length
                    + " bytes; a big integer is at most " + MAX_ENCODED_LENGTH);
        }
        return out;
    }

    public TokenAmount plus(TokenAmount other) {
        return new TokenAmount(attoFil.add(other.attoFil));
    }

    public TokenAmount times(long factor) {
        return new TokenAmount(attoFil.multiply(BigInteger.valueOf(factor)));
    }

    public boolean isNegative() {
        return attoFil.signum() < 0;
    }

    public boolean lessThan(TokenAmount other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(TokenAmount other) {
        return attoFil.compareTo(other.attoFil);
    }

    /** Exact decimal FIL, trailing zeros dropped: {@code 1.5 FIL}. */
    public String toFilString() {
        BigDecimal fil = new BigDecimal(attoFil).movePointLeft(18).stripTrailingZeros();
        return (fil.signum() == 0 ? "0" : fil.toPlainString()) + " FIL";
    }

    @Override
    public String toString() {
        return attoFil + " attoFIL";
    }
}
