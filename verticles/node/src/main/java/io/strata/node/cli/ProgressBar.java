package io.strata.node.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar redrawn on stderr at most every 100 ms. */
final class ProgressBar {

    private static final int WIDTH = 40;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final long total;
    private final boolean enabled;
    private long lastDraw;
    private long done;
    private boolean drawn;

    ProgressBar(PrintStream err, long total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    synchronized void update(long bytesDone) {
        done = bytesDone;
        long now = System.nanoTime();
        if (enabled && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw();
        }
    }

    synchronized void clear() {
        if (drawn) {
            err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            drawn = false;
        }
    }

    synchronized void finish() {
        if (enabled) {
            done = total;
            draw();
            err.println();
            drawn = false;
        }
    }

    private void draw() {
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, WIDTH * done / total);
        int percent = total <= 0 ? 0 : (int) Math.min(100, 100 * done / total);
        err.print(String.format(Locale.ROOT, "\r %s / %s [%s%s] %3d%%", size(done), size(total),
                "=".repeat(filled), " ".repeat(WIDTH - filled), percent));
        err.flush();
        drawn = true;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
