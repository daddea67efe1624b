package io.strata.api.rpc;

import io.strata.api.multipart.BodyInputStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dispatches {@code POST /api/v0/<command>} requests the way Kubo's HTTP command handler does: other
 * methods get 405, unknown commands 404, unparsable options or missing arguments a plain-text 400, and
 * everything else reaches the command, whose own failures become JSON error objects.
 *
 * <p>One deliberate difference: Kubo's HTTP transport keeps a query option no command declares and ignores
 * it, so a misspelt option silently does nothing. Here it is a client error, HTTP 400 with
 * {@code {"Message":"unknown option \"<name>\"","Code":1,"Type":"error"}}. Every option of Kubo's root
 * command is accepted, and so are the keys kubo-rpc-client adds by itself ({@link #CLIENT_QUERY_KEYS}).
 */
public final class CommandRouter {

    public static final String PREFIX = "/api/v0/";
    static final String EXPOSED_HEADERS = "X-Stream-Output, X-Chunked-Output, X-Content-Length";

    /**
     * Options every Kubo command accepts (its root command's). Those that only steer Kubo's command-line
     * program (repo-dir, config-file, config, debug, help, h, local, api, api-auth) are accepted and have no
     * effect over HTTP, as in Kubo.
     */
    static final List<OptionSpec> GLOBAL_OPTIONS = List.of(
            OptionSpec.stringWithDefault("encoding", "json", "enc"),
            OptionSpec.bool("stream-channels"),
            OptionSpec.string("timeout"),
            OptionSpec.bool("offline"),
            OptionSpec.string("cid-base"),
            OptionSpec.bool("upgrade-cidv0-in-output"),
            OptionSpec.string("repo-dir"),
            OptionSpec.string("config-file"),
            OptionSpec.string("config", "c"),
            OptionSpec.bool("debug", "D"),
            OptionSpec.bool("help"),
            OptionSpec.bool("h"),
            OptionSpec.bool("local", "L"),
            OptionSpec.string("api"),
            OptionSpec.string("api-auth"));

    /**
     * Query keys kubo-rpc-client sends by itself, accepted on every command and ignored where the command
     * declares no such option: {@code stream}, which it sets for pin add and ls, files ls and others whether or
     * not Kubo's command has that option, and the names of its own call options, which it copies into the query
     * with the rest (kebab-cased): {@code path}, {@code paths}, {@code headers}, {@code peer-id},
     * {@code local-resolve}, {@code follow-symlinks}, {@code on-error}, {@code on-upload-progress},
     * {@code transform}. Kubo ignores every undeclared key, so those calls work against it.
     */
    static final List<String> CLIENT_QUERY_KEYS = List.of("stream", "path", "paths", "headers", "peer-id",
            "local-resolve", "follow-symlinks", "on-error", "on-upload-progress", "transform");

    /** Observes every finished request, for metrics. */
    @FunctionalInterface
    public interface RequestObserver {
        void observe(String command, int status, long durationNanos);
    }

    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final Map<String, Command> commands = new HashMap<>();
    private final RequestObserver observer;
    private final int bodyBufferBytes;
    private final long maxBodyBytes;
    private final Duration bodyStallTimeout;
    private final List<String> allowedOrigins;

    /**
     * @param allowedOrigins browser origins allowed to call the API ({@code *} for any); requests carrying
     *                       another Origin or Referer are refused with 403, as Kubo does against CSRF
     */
    public CommandRouter(Vertx vertx, WorkerExecutor workers, RequestObserver observer, int bodyBufferBytes,
                         Duration bodyStallTimeout, List<String> allowedOrigins) {
        this(vertx, workers, observer, bodyBufferBytes, bodyStallTimeout, allowedOrigins, 0);
    }

    /**
     * @param maxBodyBytes a body sent without Content-Length (chunked) that grows past this fails the command
     *                     with 413 (0: no limit); a declared length is checked before routing
     */
    public CommandRouter(Vertx vertx, WorkerExecutor workers, RequestObserver observer, int bodyBufferBytes,
                         Duration bodyStallTimeout, List<String> allowedOrigins, long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.vertx = vertx;
        this.workers = workers;
        this.observer = observer;
        this.bodyBufferBytes = bodyBufferBytes;
        this.bodyStallTimeout = bodyStallTimeout;
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    public CommandRouter register(Command command) {
        if (commands.putIfAbsent(command.path(), command) != null) {
            throw new IllegalArgumentException("command " + command.path() + " registered twice");
        }
        return this;
    }

    public CommandRouter registerAll(List<Command> list) {
        list.forEach(this::register);
        return this;
    }

    public void handle(HttpServerRequest request) {
        long started = System.nanoTime();
        request.pause();
        HttpServerResponse response = request.response();
        String path = request.path().substring(PREFIX.length());
        List<String> pathArguments = new ArrayList<>();
        Command command = resolve(path, pathArguments);
        String metricName = command != null ? command.path() : "unknown";
        response.endHandler(ignored -> observer.observe(metricName, response.getStatusCode(),
                System.nanoTime() - started));

        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (!allowed(origin, host) || !allowed(refererOrigin(request.getHeader("Referer")), host)) {
            plainError(request, 403, "403 - Forbidden");
            return;
        }
        if (origin != null) {
            response.putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
        }
        if (request.method() == HttpMethod.OPTIONS) {
            response.putHeader("Allow", "OPTIONS, POST").setStatusCode(204);
            if (origin != null) {
                response.putHeader("Access-Control-Allow-Methods", "POST");
                String requested = request.getHeader("Access-Control-Request-Headers");
                if (requested != null) {
                    response.putHeader("Access-Control-Allow-Headers", requested);
                }
            }
            drainAndEnd(request, response, null);
            return;
        }
        if (request.method() != HttpMethod.POST) {
            response.putHeader("Allow", "OPTIONS, POST");
            plainError(request, 405, "405 - Method Not Allowed");
            return;
        }
        if (command == null) {
            plainError(request, 404, "404 page not found");
            return;
        }
        RpcCall call;
        try {
            call = parse(request, command, pathArguments);
        } catch (RequestParseException e) {
            plainError(request, 400, e.getMessage());
            return;
        } catch (RpcException e) {
            jsonError(request, e);
            return;
        }
        run(command, call);
    }

    private void run(Command command, RpcCall call) {
        Future<?> outcome;
        try {
            outcome = command.handler().handle(call);
        } catch (Exception e) {
            outcome = Future.failedFuture(e);
        }
        outcome.onComplete(result -> {
            call.releaseBody();
            if (result.failed()) {
                call.fail(result.cause());
            } else if (!call.finished()) {
                call.end();
            }
        });
    }

    /**
     * No Origin (curl, server-side clients) is allowed, as in Kubo; so is the API's own origin (Kubo adds
     * it to its CORS defaults); other browser origins must be listed.
     */
    private boolean allowed(String origin, String host) {
        return isAllowedOrigin(origin, host, allowedOrigins);
    }

    public static boolean isAllowedOrigin(String origin, String host, List<String> allowedOrigins) {
        return origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)
                || host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    /** The scheme://host[:port] of a Referer; an unparsable one counts as a foreign origin. */
    private static String refererOrigin(String referer) {
        if (referer == null || referer.isEmpty()) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(referer);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return "invalid";
            }
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (java.net.URISyntaxException e) {
            return "invalid";
        }
    }

    /** Kubo also takes the last path segment as the first argument: {@code /api/v0/cat/<cid>}. */
    private Command resolve(String path, List<String> pathArguments) {
        Command exact = commands.get(path);
        if (exact != null) {
            return exact;
        }
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            Command parent = commands.get(path.substring(0, slash));
            if (parent != null) {
                pathArguments.add(path.substring(slash + 1));
                return parent;
            }
        }
        return null;
    }

    private RpcCall parse(HttpServerRequest request, Command command, List<String> pathArguments) {
        Map<String, OptionSpec> byName = new HashMap<>();
        for (OptionSpec spec : GLOBAL_OPTIONS) {
            index(byName, spec);
        }
        for (OptionSpec spec : command.options()) {
            index(byName, spec);
        }
        MultiMap query = request.params();
        List<String> arguments = new ArrayList<>(pathArguments);
        arguments.addAll(query.getAll("arg"));
        Map<String, Object> options = new LinkedHashMap<>();
        for (String key : query.names()) {
            if (key.equals("arg")) {
                continue;
            }
            OptionSpec spec = byName.get(key);
            if (spec == null) {
                if (CLIENT_QUERY_KEYS.contains(key)) {
                    continue;
                }
                throw RpcException.client("unknown option \"" + key + "\"");
            }
            List<String> values = query.getAll(key);
            options.put(spec.name(), convert(spec, values));
        }
        checkArguments(command, arguments);

        boolean multipart = isMultipart(request.getHeader("Content-Type"));
        for (ArgumentSpec argument : command.arguments()) {
            if (argument.file() && argument.required() && !multipart) {
                throw new RequestParseException("file argument '" + argument.name() + "' is required");
            }
        }
        boolean takesFiles = command.arguments().stream().anyMatch(ArgumentSpec::file);
        BodyInputStream body = null;
        if (multipart && takesFiles) {
            body = new BodyInputStream(request, vertx.getOrCreateContext(), bodyBufferBytes, bodyStallTimeout,
                    request.getHeader("Content-Length") == null ? maxBodyBytes : 0);
        } else {
            request.handler(ignored -> { });
            request.resume();
        }
        Context context = vertx.getOrCreateContext();
        return new RpcCall(vertx, context, request, command, arguments, options, workers, body);
    }

    private static void index(Map<String, OptionSpec> byName, OptionSpec spec) {
        byName.put(spec.name(), spec);
        for (String alias : spec.aliases()) {
            byName.put(alias, spec);
        }
    }

    private static Object convert(OptionSpec spec, List<String> values) {
        if (spec.type() == OptionType.STRINGS) {
            return List.copyOf(values);
        }
        if (values.size() > 1) {
            throw new RequestParseException("expected key " + spec.name() + " to have only a single value, received ["
                    + String.join(" ", values) + "]");
        }
        String text = values.get(0);
        Object value = spec.type().parse(text);
        if (value == null) {
            String shown = text.isEmpty() ? "empty value" : "value \"" + text + "\"";
            throw new RequestParseException("could not convert " + shown + " to type \"" + spec.type().goName()
                    + "\" (for option \"-" + spec.name() + "\")");
        }
        return value;
    }

    private static void checkArguments(Command command, List<String> arguments) {
        int required = 0;
        for (ArgumentSpec argument : command.arguments()) {
            if (argument.file()) {
                continue;
            }
            if (!argument.required()) {
                break;
            }
            required++;
            if (required > arguments.size()) {
                throw new RequestParseException("argument \"" + argument.name() + "\" is required");
            }
        }
    }

    private static boolean isMultipart(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Go's {@code http.Error}: plain text, no sniffing, a trailing newline. */
    private static void plainError(HttpServerRequest request, int status, String message) {
        HttpServerResponse response = request.response();
        response.setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff");
        drainAndEnd(request, response, message + "\n");
    }

    /** A command error before the command ran, as Kubo's JSON error object. */
    private static void jsonError(HttpServerRequest request, RpcException error) {
        HttpServerResponse response = request.response();
        response.setStatusCode(error.httpStatus()).putHeader("Content-Type", "application/json");
        drainAndEnd(request, response, RpcCall.encode(RpcErrors.toJson(error)).toString());
    }

    private static void drainAndEnd(HttpServerRequest request, HttpServerResponse response, String body) {
        request.handler(ignored -> { });
        request.resume();
        if (body == null) {
            response.end();
        } else {
            response.end(body);
        }
    }
}
