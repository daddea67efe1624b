package io.strata.ipns.verticle;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The IPNS verticle's settings (section {@code ipns} of strata.yaml), with Kubo's defaults.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>recordLifetime</td><td>48h</td><td>validity of published and republished records (Kubo {@code --lifetime})</td></tr>
 * <tr><td>recordTtl</td><td>1h</td><td>TTL written into records when publish gives none (Kubo {@code --ttl})</td></tr>
 * <tr><td>republishInterval</td><td>4h</td><td>how often the node re-signs and re-puts its own records</td></tr>
 * <tr><td>republishInitialDelay</td><td>1m</td><td>first republish after start</td></tr>
 * <tr><td>maxResolveDepth</td><td>32</td><td>longest chain of /ipns/ values followed</td></tr>
 * <tr><td>cacheSize</td><td>1024</td><td>names whose records are cached for their TTL</td></tr>
 * </table>
 */
public record IpnsConfig(Duration recordLifetime, Duration recordTtl, Duration republishInterval,
                         Duration republishInitialDelay, int maxResolveDepth, int cacheSize) {

    public static final IpnsConfig DEFAULTS = new IpnsConfig(Duration.ofHours(48), Duration.ofHours(1), Duration.ofHours(4),
            Duration.ofMinutes(1), 32, 1024);

    public IpnsConfig {
        if (recordLifetime.isNegative() || recordLifetime.isZero()) {
            throw new IllegalArgumentException("recordLifetime must be positive");
        }
        if (recordTtl.isNegative()) {
            throw new IllegalArgumentException("recordTtl cannot be negative");
        }
        if (republishInterval.isNegative() || republishInterval.isZero() || republishInterval.compareTo(recordLifetime) >= 0) {
            throw new IllegalArgumentException("republishInterval must be positive and shorter than recordLifetime, or records lapse");
        }
        if (republishInitialDelay.isNegative() || republishInitialDelay.isZero()) {
            throw new IllegalArgumentException("republishInitialDelay must be positive");
        }
        if (maxResolveDepth < 1 || cacheSize < 0) {
            throw new IllegalArgumentException("maxResolveDepth must be at least 1 and cacheSize at least 0");
        }
    }

    /** Reads the {@code ipns} section; absent keys take the defaults, durations are Go-style ("4h", "90s"). */
    public static IpnsConfig from(JsonObject json) {
        JsonObject section = json == null ? new JsonObject() : json;
        return new IpnsConfig(
                duration(section, "recordLifetime", DEFAULTS.recordLifetime),
                duration(section, "recordTtl", DEFAULTS.recordTtl),
                duration(section, "republishInterval", DEFAULTS.republishInterval),
                duration(section, "republishInitialDelay", DEFAULTS.republishInitialDelay),
                section.getInteger("maxResolveDepth", DEFAULTS.maxResolveDepth),
                section.getInteger("cacheSize", DEFAULTS.cacheSize));
    }

    private static Duration duration(JsonObject section, String key, Duration fallback) {
        String text = section.getString(key);
        return text == null ? fallback : GoDuration.parse(text);
    }
}
