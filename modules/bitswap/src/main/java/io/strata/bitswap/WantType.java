package io.strata.bitswap;

/** What a want asks for: the block itself, or only whether the peer has it (Bitswap 1.2.0). */
public enum WantType {
    BLOCK,
    HAVE
}
