package io.strata.bitswap;

/** A peer's answer to a want-have, or to a want-block sent with sendDontHave. */
public enum PresenceType {
    HAVE,
    DONT_HAVE
}
