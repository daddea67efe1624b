package io.strata.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One entry of Kubo's {@code API.Authorizations}: a named secret and the path prefixes it may call.
 *
 * <p>{@code AuthSecret} is {@code bearer:TOKEN} (the client sends {@code Authorization: Bearer TOKEN}) or
 * {@code basic:USER:PASSWORD} ({@code Authorization: Basic base64(USER:PASSWORD)}); as in Kubo, a secret
 * without a scheme is a bearer token. {@code AllowedPaths} are prefixes such as {@code /api/v0/cat}, matched on
 * whole path segments so that {@code /api/v0/cat} does not also allow {@code /api/v0/cats}.
 */
public record ApiAuthorization(String name, String expectedHeader, List<String> allowedPaths) {

    public ApiAuthorization {
        allowedPaths = List.copyOf(allowedPaths);
        if (allowedPaths.isEmpty()) {
            throw new IllegalArgumentException("api authorization '" + name + "' has no AllowedPaths");
        }
        for (String path : allowedPaths) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("api authorization '" + name + "': AllowedPaths entry '" + path
                        + "' must start with /");
            }
        }
    }

    /** Reads {@code bearer:TOKEN}, {@code basic:USER:PASSWORD} or a bare token. */
    public static ApiAuthorization of(String name, String authSecret, List<String> allowedPaths) {
        if (authSecret == null || authSecret.isBlank()) {
            throw new IllegalArgumentException("api authorization '" + name + "' has no AuthSecret");
        }
        String lower = authSecret.toLowerCase(Locale.ROOT);
        String header;
        if (lower.startsWith("basic:")) {
            String credentials = authSecret.substring("basic:".length());
            if (credentials.indexOf(':') < 1) {
                throw new IllegalArgumentException("api authorization '" + name
                        + "': a basic AuthSecret is basic:USER:PASSWORD");
            }
            header = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        } else {
            String token = lower.startsWith("bearer:") ? authSecret.substring("bearer:".length()) : authSecret;
            if (token.isEmpty()) {
                throw new IllegalArgumentException("api authorization '" + name + "' has an empty bearer token");
            }
            header = "Bearer " + token;
        }
        return new ApiAuthorization(name, header, allowedPaths);
    }

    /** Compares in constant time, so the comparison leaks nothing about the secret. */
    public boolean matches(String authorizationHeader) {
        return authorizationHeader != null && MessageDigest.isEqual(
                expectedHeader.getBytes(StandardCharsets.UTF_8), authorizationHeader.trim().getBytes(StandardCharsets.UTF_8));
    }

    public boolean allows(String path) {
        for (String prefix : allowedPaths) {
            String base = prefix.endsWith("/") && prefix.length() > 1 ? prefix.substring(0, prefix.length() - 1) : prefix;
            if (base.equals("/") || path.equals(base) || path.startsWith(base + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ApiAuthorization[" + name + ", allowedPaths=" + allowedPaths + "]";
    }
}
