package io.strata.ipld.codec;

/** A map entry whose key is already UTF-8, so sorting compares the bytes that get written. */
record EncodedEntry(byte[] key, Object value) {
}
