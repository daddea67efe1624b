package io.strata.bitswap.verticle;

/** A failed {@link BitswapExchange} call; {@link #error()} says why. */
public final class BitswapExchangeException extends RuntimeException {

    private final BitswapError error;

    public BitswapExchangeException(BitswapError error, String message) {
        super(message);
        this.error = error;
    }

    public BitswapExchangeException(BitswapError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public BitswapError error() {
        return error;
    }
}
