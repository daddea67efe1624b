package io.strata.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the oracle scripts in {@code interop/js/} on the pinned Node.js 22 from {@code interop/node_modules},
 * with JSON on stdin and JSON on stdout. A script that fails, prints something other than JSON or overruns
 * its timeout fails the calling test with the script's stderr in the message.
 */
public final class NodeScripts {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path moduleDir;
    private final Path node;

    private NodeScripts(Path moduleDir, Path node) {
        this.moduleDir = moduleDir;
        this.node = node;
    }

    /**
     * Finds the interop module (system property {@code strata.interop.dir}, set by surefire, else the working
     * directory) and its installed Node.js.
     *
     * @throws IllegalStateException if {@code npm ci} has not been run there
     */
    public static NodeScripts locate() {
        Path moduleDir = Path.of(System.getProperty("strata.interop.dir", System.getProperty("user.dir")))
                .toAbsolutePath();
        Path node = moduleDir.resolve("node_modules/.bin/node");
        if (!Files.isExecutable(node)) {
            throw new IllegalStateException("The reference JS libraries are not installed: " + node
                    + " is missing. Run `npm ci` in " + moduleDir + " (Maven does it in generate-test-resources"
                    + " unless tests are skipped).");
        }
        return new NodeScripts(moduleDir, node);
    }

    public JsonNode run(String script, JsonNode stdin, String... args) {
        return run(script, stdin, DEFAULT_TIMEOUT, args);
    }

    public JsonNode run(String script, JsonNode stdin, Duration timeout, String... args) {
        Path scriptFile = moduleDir.resolve("js").resolve(script + ".mjs");
        if (!Files.isRegularFile(scriptFile)) {
            throw new IllegalArgumentException("no oracle script " + scriptFile);
        }
        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.add(scriptFile.toString());
        command.addAll(List.of(args));
        String description = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(moduleDir.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + description, e);
        }
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                JSON.writeValue(in, stdin);
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw new AssertionError(description + " did not accept its input: " + e.getMessage()
                    + "\nstderr:\n" + text(stderr), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(description + " did not finish within " + timeout
                        + "\nstderr:\n" + text(stderr));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + description, e);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(description + " exited with " + process.exitValue()
                    + "\nstderr:\n" + text(stderr));
        }
        byte[] output = bytes(stdout);
        try {
            return JSON.readTree(output);
        } catch (IOException e) {
            throw new AssertionError(description + " printed something other than JSON: "
                    + new String(output, StandardCharsets.UTF_8) + "\nstderr:\n" + text(stderr), e);
        }
    }

    /**
     * Starts a script that keeps running: it gets {@code request} as one JSON line on stdin and answers with
     * one JSON line on stdout, then works until {@link Running#finish} closes its stdin.
     */
    public Running start(String script, JsonNode request) {
        Path scriptFile = moduleDir.resolve("js").resolve(script + ".mjs");
        Process process;
        try {
            process = new ProcessBuilder(node.toString(), scriptFile.toString()).directory(moduleDir.toFile()).start();
            process.getOutputStream().write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + scriptFile, e);
        }
        return new Running(process, drain(process.getErrorStream()));
    }

    /** A script started by {@link #start}. */
    public static final class Running implements AutoCloseable {

        private final Process process;
        private final CompletableFuture<byte[]> stderr;
        private final java.io.BufferedReader stdout;

        private Running(Process process, CompletableFuture<byte[]> stderr) {
            this.process = process;
            this.stderr = stderr;
            this.stdout = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The script's first line of output, parsed as JSON. */
        public JsonNode firstLine() {
            try {
                String line = stdout.readLine();
                if (line == null) {
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("the script ended without answering\nstderr:\n" + text(stderr));
                }
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /** Closes stdin and returns the script's final JSON output once it exited. */
        public JsonNode finish(Duration timeout) {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the script did not exit within " + timeout + "\nstderr:\n" + text(stderr));
                }
                String rest = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new AssertionError("the script exited with " + process.exitValue() + "\nstderr:\n" + text(stderr));
                }
                return JSON.readTree(rest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        // Own threads, not the common pool: with few cores it would read stdout and stderr one after the
        // other, and a script filling the unread pipe would block forever.
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            Thread reader = new Thread(task, "node-script-output");
            reader.setDaemon(true);
            reader.start();
        });
    }

    private static byte[] bytes(CompletableFuture<byte[]> stream) {
        try {
            return stream.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while reading a script's output", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read a script's output", e);
        }
    }

    private static String text(CompletableFuture<byte[]> stream) {
        return new String(bytes(stream), StandardCharsets.UTF_8);
    }
}
