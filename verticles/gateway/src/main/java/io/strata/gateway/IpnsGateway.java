package io.strata.gateway;

import io.strata.ipns.IpnsException;
import io.strata.ipns.IpnsName;
import io.strata.ipns.IpnsRecord;
import io.strata.ipns.verticle.IpnsClient;
import io.strata.ipns.verticle.IpnsClientException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Locale;

/**
 * IPNS on the gateway port, over the node's IPNS verticle:
 * <ul>
 * <li>{@code GET/HEAD /ipns/<name>[/path]} resolves the name (recursively) and answers as for the /ipfs/ path
 *     it points to; with {@code ?format=ipns-record} or {@code Accept: application/vnd.ipfs.ipns-record} and no
 *     path, the signed record itself (trustless gateway spec);</li>
 * <li>Delegated Routing V1 {@code GET /routing/v1/ipns/<name>} (the record) and {@code PUT} (a record to validate,
 *     keep and publish to the DHT; one that is invalid, expired, over 10 KiB, or older than the one held is a 400).</li>
 * </ul>
 * Records are cached by clients for their TTL ({@code Cache-Control: public, max-age=<ttl>}).
 */
final class IpnsGateway {

    static final String IPNS_PREFIX = "/ipns/";
    static final String ROUTING_PREFIX = "/routing/v1/ipns/";
    static final String RECORD_MEDIA_TYPE = "application/vnd.ipfs.ipns-record";

    private final IpnsClient ipns;

    IpnsGateway(IpnsClient ipns) {
        this.ipns = ipns;
    }

    static boolean handlesRouting(String path) {
        return path.startsWith(ROUTING_PREFIX);
    }

    static boolean handlesPath(String path) {
        return path.startsWith(IPNS_PREFIX);
    }

    /** True when a /ipns/ request asks for the record rather than the content. */
    static boolean wantsRecord(HttpServerRequest request) {
        if ("ipns-record".equals(request.getParam("format"))) {
            return true;
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(RECORD_MEDIA_TYPE);
    }

    /** The /ipfs/ path a /ipns/ request path resolves to. */
    Future<String> resolve(String path) {
        return ipns.resolve(path, true, false);
    }

    /** {@code /ipns/<name>?format=ipns-record}: the record, or 400 when a path follows the name. */
    void serveRecord(HttpServerRequest request) {
        String rest = request.path().substring(IPNS_PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.contains("/")) {
            text(request.response(), 400, "ipns-record responses are for a name alone, not a path under it: " + request.path());
            return;
        }
        sendRecord(request, rest);
    }

    void handleRouting(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        response.putHeader("Access-Control-Allow-Origin", "*").putHeader("Access-Control-Allow-Methods", "GET, PUT, OPTIONS");
        String nameText = request.path().substring(ROUTING_PREFIX.length());
        if (request.method() == HttpMethod.OPTIONS) {
            response.putHeader("Access-Control-Allow-Headers", "Content-Type, Accept").setStatusCode(204).end();
        } else if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
            sendRecord(request, nameText);
        } else if (request.method() == HttpMethod.PUT) {
            putRecord(request, nameText);
        } else {
            text(response, 405, request.method() + " is not supported on " + request.path());
        }
    }

    private void sendRecord(HttpServerRequest request, String nameText) {
        HttpServerResponse response = request.response();
        IpnsName name;
        try {
            name = IpnsName.parse(nameText);
        } catch (IpnsException e) {
            text(response, 400, e.getMessage());
            return;
        }
        ipns.getRecord(name).onSuccess(bytes -> {
            IpnsRecord record = IpnsRecord.unmarshal(bytes);
            response.setStatusCode(200)
                    .putHeader("Content-Type", RECORD_MEDIA_TYPE)
                    .putHeader("Cache-Control", "public, max-age=" + Math.max(0, record.ttl().toSeconds()))
                    .putHeader("Vary", "Accept")
                    .putHeader("X-Ipfs-Path", name.path())
                    .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".ipns-record\"");
            if (request.method() == HttpMethod.HEAD) {
                response.putHeader("Content-Length", Integer.toString(bytes.length)).end();
            } else {
                response.end(Buffer.buffer(bytes));
            }
        }).onFailure(failure -> fail(response, failure));
    }

    private void putRecord(HttpServerRequest request, String nameText) {
        HttpServerResponse response = request.response();
        IpnsName name;
        try {
            name = IpnsName.parse(nameText);
        } catch (IpnsException e) {
            text(response, 400, e.getMessage());
            return;
        }
        String declaredLength = request.getHeader("Content-Length");
        if (declaredLength != null && declaredLength.matches("\\d{1,18}") && Long.parseLong(declaredLength) > IpnsRecord.MAX_SIZE) {
            text(response, 400, "the record has " + declaredLength + " bytes; at most " + IpnsRecord.MAX_SIZE + " are allowed");
            return;
        }
        request.body().compose(body -> {
            if (body.length() > IpnsRecord.MAX_SIZE) {
                return Future.failedFuture(new IpnsClientException(io.strata.ipns.verticle.IpnsError.INVALID_RECORD,
                        "the record has " + body.length() + " bytes; at most " + IpnsRecord.MAX_SIZE + " are allowed"));
            }
            return ipns.putRecord(name, body.getBytes());
        }).onSuccess(stored -> response.setStatusCode(200).end()).onFailure(failure -> fail(response, failure));
    }

    static int statusOf(Throwable failure) {
        if (failure instanceof IpnsClientException client) {
            return switch (client.error()) {
                case INVALID_REQUEST, INVALID_RECORD -> 400;
                case NOT_FOUND, NO_SUCH_KEY -> 404;
                case DEPTH_EXCEEDED -> 508;
                default -> 502;
            };
        }
        return 500;
    }

    private static void fail(HttpServerResponse response, Throwable failure) {
        text(response, statusOf(failure), String.valueOf(failure.getMessage()));
    }

    private static void text(HttpServerResponse response, int status, String message) {
        if (!response.ended()) {
            response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message + "\n");
        }
    }
}
