package io.strata.pinning;

/** Whether a pin keeps the whole DAG below its root or only the root block. */
public enum PinMode {
    RECURSIVE,
    DIRECT
}
