package com.qkt.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The settings a demo run applies to {@code EngineContext}, {@code BybitClientContext} and
 * {@code BybitSpotBrokerContext}: liveness and back-off tuned so a one-minute run sees each fault handled quickly,
 * overlaid by the user's {@code --config} file (whose keys win).
 */
public final class DemoSettings
{
    private DemoSettings()
    {
    }

    /**
     * @param seed seed of the reconnect jitter.
     * @return the demo's defaults for the simulator.
     */
    public static Properties simulatorDefaults(final long seed)
    {
        final Properties p = new Properties();
        p.setProperty("qkt.engine.threadNamePrefix", "demo");
        p.setProperty("qkt.bybit.connectTimeoutMs", "5000");
        p.setProperty("qkt.bybit.pingIntervalMs", "500");
        p.setProperty("qkt.bybit.staleTimeoutMs", "2000");
        p.setProperty("qkt.bybit.reconnect.attemptTimeoutMs", "1500");
        p.setProperty("qkt.bybit.reconnect.backoff", "exponential");
        p.setProperty("qkt.bybit.reconnect.initialMs", "100");
        p.setProperty("qkt.bybit.reconnect.multiplier", "2");
        p.setProperty("qkt.bybit.reconnect.maxMs", "2000");
        p.setProperty("qkt.bybit.reconnect.jitter", "0.2");
        p.setProperty("qkt.bybit.reconnect.seed", Long.toString(seed));
        p.setProperty("qkt.bybit.rest.timeoutMs", "1000");
        p.setProperty("qkt.bybit.rest.maxAttempts", "3");
        p.setProperty("qkt.bybit.rest.retryInitialMs", "100");
        p.setProperty("qkt.broker.fillWaitMs", "1000");
        p.setProperty("qkt.broker.recoveryRetryMs", "300");
        return p;
    }

    /**
     * @param defaults the run's defaults.
     * @param file     a properties file, or null.
     * @return defaults overlaid by the file.
     * @throws IllegalArgumentException when the file cannot be read.
     */
    public static Properties withFile(final Properties defaults, final Path file)
    {
        final Properties merged = new Properties();
        merged.putAll(defaults);
        if (null != file)
        {
            final Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file))
            {
                fromFile.load(reader);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("--config: cannot read " + file + ": " + ex.getMessage());
            }
            merged.putAll(fromFile);
        }
        return merged;
    }

    /**
     * One line per key of a config file, as it was applied: its value and what it replaced.
     *
     * @param defaults the run's defaults.
     * @param file     a properties file.
     * @return {@code key = value  (demo default X)} or {@code (library default)}, sorted by key.
     */
    public static List<String> describeFile(final Properties defaults, final Path file)
    {
        final Properties fromFile = withFile(new Properties(), file);
        final List<String> lines = new ArrayList<>();
        for (final String key : new TreeSet<>(fromFile.stringPropertyNames()))
        {
            // credentials never reach the console
            final String value = key.toLowerCase(java.util.Locale.ROOT).matches(".*(secret|apikey).*") ?
                "****" : fromFile.getProperty(key).trim();
            final String previous = defaults.getProperty(key);
            lines.add(key + " = " + value + "  (" + (null == previous ? "replaces the library default" :
                "replaces the demo's " + previous) + ")");
        }
        return lines;
    }
}
