package io.strata.gateway;

import java.util.Locale;
import java.util.Optional;

/**
 * The response types this gateway offers: deserialized content (the default) or one of the explicit
 * formats a client asks for with {@code ?format=} or {@code Accept}. The path gateway's {@code tar} and
 * {@code ipns-record} are not offered (a request for them is a 400).
 */
enum ResponseFormat {
    /** Files as their bytes, directories as index.html or a listing, DAG-JSON/CBOR blocks as they are. */
    DESERIALIZED(null, null),
    RAW("raw", "application/vnd.ipld.raw"),
    CAR("car", "application/vnd.ipld.car"),
    DAG_JSON("dag-json", "application/vnd.ipld.dag-json"),
    DAG_CBOR("dag-cbor", "application/vnd.ipld.dag-cbor"),
    JSON("json", "application/json"),
    CBOR("cbor", "application/cbor");

    private final String parameter;
    private final String mediaType;

    ResponseFormat(String parameter, String mediaType) {
        this.parameter = parameter;
        this.mediaType = mediaType;
    }

    /** The value of {@code ?format=}, or null for deserialized responses. */
    String parameter() {
        return parameter;
    }

    String mediaType() {
        return mediaType;
    }

    /** The label metrics carry. */
    String metricName() {
        return parameter == null ? "deserialized" : parameter;
    }

    static Optional<ResponseFormat> byParameter(String value) {
        for (ResponseFormat format : values()) {
            if (format.parameter != null && format.parameter.equals(value)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    static Optional<ResponseFormat> byMediaType(String mediaType) {
        String normalized = mediaType.trim().toLowerCase(Locale.ROOT);
        for (ResponseFormat format : values()) {
            if (format.mediaType != null && format.mediaType.equals(normalized)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
