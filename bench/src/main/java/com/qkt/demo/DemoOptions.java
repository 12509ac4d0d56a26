package com.qkt.demo;

import java.nio.file.Path;

import static com.qkt.demo.OptionValues.number;
import static com.qkt.demo.OptionValues.value;

/**
 * The demo's command line, parsed once. Unknown options and bad values raise {@link IllegalArgumentException} with a
 * one-line message meant for the user.
 */
public final class DemoOptions
{
    /** Usage text printed by {@code --help}. */
    public static final String USAGE = String.join(System.lineSeparator(),
        "usage: scripts/demo [--duration SECONDS] [--drops N] [--restarts N] [--seed N] [--config FILE]",
        "                   [--quiet|--verbose]",
        "       scripts/demo --testnet",
        "",
        "Runs a sample strategy through the resilient Bybit V5 connection against an embedded Bybit simulator on",
        "loopback, injects faults (socket drops, a half-open socket, REST resets/timeouts, a 10006 burst, a malformed",
        "frame), prints a timeline and a summary, and exits 1 if a fill was lost or duplicated or the strategy's view",
        "of its orders disagrees with the exchange's.",
        "",
        "  --duration SECONDS  trading time before the quiet period (default 60)",
        "  --drops N           socket drops to inject (default 6)",
        "  --restarts N        kill the engine N times during the run (client dropped without close, state as",
        "                      the journal holds it) and start a new one on the same state directory; the",
        "                      simulator keeps trading (default 0)",
        "  --seed N            seed of the fault scenario, prices and strategy (default 42)",
        "  --config FILE       properties applied to EngineContext, BybitClientContext, BybitSpotBrokerContext",
        "                      (e.g. qkt.engine.ringSize, qkt.engine.waitStrategy, qkt.engine.handlerCpu,",
        "                      qkt.bybit.reconnect.initialMs, qkt.bybit.rest.maxAttempts, qkt.broker.recoveryWindowMs)",
        "                      each key is printed as applied; an unknown key fails, naming the nearest known one",
        "  --quiet             only the summary",
        "  --verbose           also one line per distinct error kind and the simulator's fault log",
        "  --testnet           place and cancel one tiny far-from-market order on Bybit testnet",
        "                      (keys from BYBIT_API_KEY / BYBIT_API_SECRET; no fault injection)",
        "  --help              this text",
        "",
        "Exit codes: 0 all invariants held, 1 an invariant broke, 2 bad usage, configuration or connection.");

    int durationSeconds = 60;
    int drops = 6;
    int restarts;
    long seed = 42;
    Path config;
    boolean quiet;
    boolean verbose;
    boolean testnet;
    boolean help;

    /**
     * @param args command line arguments.
     * @return the parsed options.
     * @throws IllegalArgumentException on an unknown option or a bad value.
     */
    public static DemoOptions parse(final String... args)
    {
        final DemoOptions options = new DemoOptions();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            switch (arg)
            {
                case "--duration":
                    options.durationSeconds = (int)number(arg, value(args, ++i, arg), 1, 86_400);
                    break;
                case "--drops":
                    options.drops = (int)number(arg, value(args, ++i, arg), 0, 10_000);
                    break;
                case "--restarts":
                    options.restarts = (int)number(arg, value(args, ++i, arg), 0, 1_000);
                    break;
                case "--seed":
                    options.seed = number(arg, value(args, ++i, arg), Long.MIN_VALUE, Long.MAX_VALUE);
                    break;
                case "--config":
                    options.config = Path.of(value(args, ++i, arg));
                    break;
                case "--quiet":
                    options.quiet = true;
                    break;
                case "--verbose":
                    options.verbose = true;
                    break;
                case "--testnet":
                    options.testnet = true;
                    break;
                case "--help":
                case "-h":
                    options.help = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
            }
        }
        if (options.quiet && options.verbose)
        {
            throw new IllegalArgumentException("--quiet and --verbose exclude each other");
        }
        return options;
    }

    /**
     * @return engine kills and restarts during the run.
     */
    public int restarts()
    {
        return restarts;
    }

    /**
     * @return trading time in seconds, before the quiet period.
     */
    public int durationSeconds()
    {
        return durationSeconds;
    }

    /**
     * @return socket drops to inject.
     */
    public int drops()
    {
        return drops;
    }

    /**
     * @return seed of every random choice of the run.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * @return the properties file, or null.
     */
    public Path config()
    {
        return config;
    }

    /**
     * @return true to print only the summary.
     */
    public boolean quiet()
    {
        return quiet;
    }

    /**
     * @return true to print errors and the simulator's fault log too.
     */
    public boolean verbose()
    {
        return verbose;
    }

    /**
     * @return true to talk to Bybit testnet instead of the simulator.
     */
    public boolean testnet()
    {
        return testnet;
    }

    /**
     * @return true when only the usage was asked for.
     */
    public boolean help()
    {
        return help;
    }
}
