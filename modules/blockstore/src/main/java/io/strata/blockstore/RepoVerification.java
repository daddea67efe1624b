package io.strata.blockstore;

/**
 * The outcome of {@link RepoVerifier#verify}.
 *
 * @param checked blocks read and rehashed
 * @param corrupt blocks among them that failed (each was reported to the caller's consumer)
 */
public record RepoVerification(long checked, long corrupt) {

    public boolean ok() {
        return corrupt == 0;
    }
}
