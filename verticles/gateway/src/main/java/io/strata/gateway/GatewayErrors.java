package io.strata.gateway;

import io.strata.ipld.IpldException;
import io.strata.multiformats.MultiformatException;

/** Maps every failure a request can meet to its HTTP status, in one place. */
final class GatewayErrors {

    private GatewayErrors() {
    }

    static int statusOf(Throwable failure) {
        if (failure instanceof GatewayException e) {
            return e.status();
        }
        if (failure instanceof MultiformatException) {
            return 400;
        }
        if (failure instanceof StoreBlockGetter.RetrievalTimeoutException) {
            return 504;
        }
        if (failure instanceof IpldException e) {
            return switch (e.code()) {
                case BLOCK_NOT_FOUND, PATH_NOT_FOUND -> 404;
                case UNSUPPORTED -> 501;
                case UNIXFS_NOT_A_FILE, UNIXFS_NOT_A_DIRECTORY, UNIXFS_INVALID_NAME -> 400;
                default -> 500;
            };
        }
        return 500;
    }

    /** The text body of an error response: the failure's message, which names the CID or path at fault. */
    static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
