package io.strata.api.rpc;

import io.strata.api.multipart.BodyInputStream;
import io.strata.api.multipart.MultipartReader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One running command: its parsed arguments and options, its request body, and its response, which it
 * writes the way Kubo's command library does: a single JSON value, a channel of newline-delimited JSON
 * values ({@code X-Chunked-Output: 1}) or a byte stream ({@code X-Stream-Output: 1}). An error before
 * anything was written becomes a JSON error object with its HTTP status; an error after the response
 * began becomes the {@code X-Stream-Error} trailer.
 *
 * <p>Every response method may be called from any thread: the work is handed to the request's context.
 */
public final class RpcCall {

    private enum State { IDLE, SINGLE, CHANNEL, STREAM, DONE }

    private static final System.Logger LOG = System.getLogger(RpcCall.class.getName());

    private final Vertx vertx;
    private final Context context;
    private final HttpServerRequest request;
    private final Command command;
    private final List<String> arguments;
    private final Map<String, Object> options;
    private final WorkerExecutor workers;
    private final BodyInputStream body;
    private State state = State.IDLE;

    RpcCall(Vertx vertx, Context context, HttpServerRequest request, Command command, List<String> arguments,
            Map<String, Object> options, WorkerExecutor workers, BodyInputStream body) {
        this.vertx = vertx;
        this.context = context;
        this.request = request;
        this.command = command;
        this.arguments = List.copyOf(arguments);
        this.options = Map.copyOf(options);
        this.workers = workers;
        this.body = body;
    }

    public Vertx vertx() {
        return vertx;
    }

    public String commandPath() {
        return command.path();
    }

    public List<String> arguments() {
        return arguments;
    }

    public String argument(int index) {
        return arguments.get(index);
    }

    /** A bool option's value: the query's, else the option's default, else false. */
    public boolean flag(String name) {
        Object value = option(name);
        return value != null && (Boolean) value;
    }

    /** A bool option's value, or {@code null} when neither given nor defaulted (Kubo's "unset"). */
    public Boolean optionalFlag(String name) {
        return (Boolean) option(name);
    }

    public Long integer(String name) {
        return (Long) option(name);
    }

    public long integer(String name, long fallback) {
        Long value = integer(name);
        return value != null ? value : fallback;
    }

    public String string(String name) {
        return (String) option(name);
    }

    public String string(String name, String fallback) {
        String value = string(name);
        return value != null ? value : fallback;
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        Object value = option(name);
        return value == null ? List.of() : (List<String>) value;
    }

    private Object option(String name) {
        if (options.containsKey(name)) {
            return options.get(name);
        }
        for (OptionSpec spec : command.options()) {
            if (spec.name().equals(name)) {
                return spec.defaultValue();
            }
        }
        for (OptionSpec spec : CommandRouter.GLOBAL_OPTIONS) {
            if (spec.name().equals(name)) {
                return spec.defaultValue();
            }
        }
        throw new IllegalArgumentException("command " + command.path() + " declares no option " + name);
    }

    /** True when the request carried a multipart/form-data body. */
    public boolean hasMultipartBody() {
        return body != null;
    }

    /**
     * The multipart body as a blocking reader, for a worker thread. Reading it pauses the HTTP request while
     * the reader lags, so a large upload never sits in memory.
     */
    public MultipartReader multipart() {
        if (body == null) {
            throw new IllegalStateException("command " + command.path() + " has no multipart body");
        }
        return new MultipartReader(body, MultipartReader.boundaryOf(request.getHeader("Content-Type")));
    }

    /** Runs blocking work (hashing, importing, waiting on the block store) on the API's worker pool. */
    public <T> Future<T> blocking(Callable<T> work) {
        return workers.executeBlocking(work, false);
    }

    /** Answers with one JSON value ({@code cmds.EmitOnce} in Kubo). */
    public Future<Void> single(Object json) {
        return onContext(() -> {
            requireState(State.IDLE);
            state = State.DONE;
            HttpServerResponse response = preamble("application/json");
            return response.end(encode(json));
        });
    }

    /** Writes one value of a channel response, as one line of newline-delimited JSON. */
    public Future<Void> emit(Object json) {
        return onContext(() -> {
            if (state == State.IDLE) {
                state = State.CHANNEL;
                preamble("application/json").putHeader("X-Chunked-Output", "1").setChunked(true);
            }
            requireState(State.CHANNEL);
            return request.response().write(encode(json));
        });
    }

    /** Sends a channel response's headers now, before any value, as Kubo's pubsub sub does by flushing. */
    public Future<Void> openChannel() {
        return onContext(() -> {
            requireState(State.IDLE);
            state = State.CHANNEL;
            return preamble("application/json").putHeader("X-Chunked-Output", "1").setChunked(true).writeHead();
        });
    }

    /** Runs {@code action} on the request's context when the client goes away before the response ended. */
    public void onClientGone(Runnable action) {
        context.runOnContext(ignored -> request.connection().closeHandler(closed -> action.run()));
    }

    /**
     * Starts a byte-stream response; {@code length}, when known, goes into {@code X-Content-Length} as Kubo
     * sets it for cat.
     */
    public Future<Void> startStream(Long length, String contentType) {
        return onContext(() -> {
            requireState(State.IDLE);
            state = State.STREAM;
            HttpServerResponse response = preamble(contentType).putHeader("X-Stream-Output", "1").setChunked(true);
            if (length != null) {
                response.putHeader("X-Content-Length", Long.toString(length));
            }
            return Future.succeededFuture();
        });
    }

    /**
     * Starts one JSON value written in pieces with {@link #writeAndWait}, for a value too large to build in
     * memory (the {@code Keys} object of a cluster's {@code pin/ls}); clients read it as they read
     * {@link #single}'s.
     */
    public Future<Void> startJsonValue() {
        return onContext(() -> {
            requireState(State.IDLE);
            state = State.STREAM;
            preamble("application/json").setChunked(true);
            return Future.succeededFuture();
        });
    }

    public Future<Void> write(Buffer bytes) {
        return onContext(() -> {
            requireState(State.STREAM);
            return request.response().write(bytes);
        });
    }

    /**
     * Writes from a worker thread, waiting only while the response's write queue is full, so a slow client
     * slows the producer while a fast one gets the next bytes produced as these are sent.
     */
    public void writeAndWait(Buffer bytes) {
        await(onContext(() -> {
            requireState(State.STREAM);
            HttpServerResponse response = request.response();
            Future<Void> written = response.write(bytes);
            if (written.failed()) {
                return written;
            }
            if (!response.writeQueueFull()) {
                return Future.succeededFuture();
            }
            Promise<Void> drained = Promise.promise();
            response.drainHandler(ignored -> drained.tryComplete());
            written.onFailure(drained::tryFail);
            return drained.future();
        }));
    }

    /** Ends a channel or stream response; an idle call ends as an empty channel. */
    public Future<Void> end() {
        return onContext(() -> {
            if (state == State.DONE) {
                return Future.succeededFuture();
            }
            if (state == State.IDLE) {
                preamble("application/json").putHeader("X-Chunked-Output", "1");
            }
            state = State.DONE;
            return request.response().end();
        });
    }

    /** Reports a failure: as Kubo's JSON error object if nothing was written yet, else as a trailer. */
    public Future<Void> fail(Throwable failure) {
        RpcException error = RpcErrors.toRpcException(failure);
        return onContext(() -> {
            HttpServerResponse response = request.response();
            if (response.ended() || response.closed()) {
                state = State.DONE;
                return Future.succeededFuture();
            }
            if (state == State.IDLE || state == State.SINGLE) {
                state = State.DONE;
                preamble("application/json").setStatusCode(error.httpStatus());
                Future<Void> ended = response.end(encode(RpcErrors.toJson(error)));
                // the rest of an oversized body is not worth receiving
                return error.httpStatus() == 413 ? ended.onComplete(sent -> request.connection().close()) : ended;
            }
            state = State.DONE;
            // The client already has a 200 and part of the answer; many clients ignore trailers, so the operator's
            // log is the one place a truncated answer is sure to show.
            LOG.log(System.Logger.Level.WARNING, command.path() + " " + arguments + " failed after its response began: "
                    + error.getMessage());
            response.trailers().set("X-Stream-Error", firstLine(error.getMessage()));
            return response.end();
        });
    }

    public boolean finished() {
        return state == State.DONE;
    }

    /** Stops buffering whatever of the body the command left unread, so the request can run to its end. */
    void releaseBody() {
        if (body != null) {
            body.close();
        }
    }

    /** Blocks a worker thread until {@code future} completes; rethrows its failure unchanged when possible. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(ErrorType.NORMAL, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RpcException(ErrorType.NORMAL, cause.getMessage(), cause);
        }
    }

    private HttpServerResponse preamble(String contentType) {
        HttpServerResponse response = request.response();
        response.putHeader("Access-Control-Allow-Headers", CommandRouter.EXPOSED_HEADERS);
        response.putHeader("Access-Control-Expose-Headers", CommandRouter.EXPOSED_HEADERS);
        response.putHeader("Trailer", "X-Stream-Error");
        response.putHeader("Content-Type", contentType);
        if (body != null && !body.ended()) {
            response.putHeader("Connection", "close");
        }
        return response;
    }

    private void requireState(State expected) {
        if (state != expected) {
            throw new IllegalStateException("response of " + command.path() + " is " + state + ", not " + expected);
        }
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (Context.isOnEventLoopThread() && Vertx.currentContext() == context) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(ignored -> {
            try {
                action.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    static Buffer encode(Object json) {
        String text = json instanceof JsonObject object ? object.encode()
                : json instanceof io.vertx.core.json.JsonArray array ? array.encode()
                : io.vertx.core.json.Json.encode(json);
        return Buffer.buffer(text).appendByte((byte) '\n');
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message;
        int newline = text.indexOf('\n');
        int carriage = text.indexOf('\r');
        int cut = newline < 0 ? carriage : carriage < 0 ? newline : Math.min(newline, carriage);
        return cut < 0 ? text : text.substring(0, cut);
    }
}
