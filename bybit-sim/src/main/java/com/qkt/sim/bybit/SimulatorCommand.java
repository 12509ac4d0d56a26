package com.qkt.sim.bybit;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of the standalone simulator ({@code scripts/sim}), parsed and checked before anything starts:
 * every bad input is one line on stderr ({@code bybit-sim: ...}) and exit code 2; a simulator that cannot start (a
 * port in use) is one line and exit code 1; {@code --help} lists every option with its default and the scenario file
 * format ({@link ScenarioScript#FORMAT}).
 */
@Command(
    name = "scripts/sim",
    sortOptions = false,
    usageHelpWidth = 120,
    description = {
        "Bybit V5 exchange simulator on 127.0.0.1: REST (public market data, signed trading and account endpoints) "
            + "and the private WebSocket stream (/v5/private), with a matching engine and fault injection. Prints its "
            + "REST and WS URLs, then runs until stopped (Ctrl-C). Point an SDK's REST base URL and private-stream "
            + "URL at them (README: 'Pointing SDKs at the simulator').",
        ""})
public final class SimulatorCommand implements Callable<Integer>
{
    /** Exit code of a bad command line. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a simulator that could not start. */
    public static final int EXIT_START_FAILED = 1;

    private static final Pattern COIN = Pattern.compile("[A-Z0-9]{1,20}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,30}");

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
        description = "REST port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--ws-port", paramLabel = "N", defaultValue = "0",
        description = "private WebSocket port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int wsPort;

    @Option(names = "--api-key", paramLabel = "KEY",
        description = "API key of an account; repeat --api-key/--api-secret pairs for more accounts (required).")
    List<String> apiKeys = new ArrayList<>();

    @Option(names = "--api-secret", paramLabel = "SECRET",
        description = "API secret of the account named by the --api-key at the same position (required).")
    List<String> apiSecrets = new ArrayList<>();

    @Option(names = "--balance", paramLabel = "COIN=AMOUNT",
        description = "starting wallet balance of every account, repeatable (default: USDT=1000000 BTC=100; a coin "
            + "given here replaces its default, the other default stays).")
    Map<String, String> balances = new LinkedHashMap<>();

    @Option(names = "--symbol", paramLabel = "SYMBOL=PRICE",
        description = "a traded symbol and its starting last price, repeatable; each is a spot pair, and a linear "
            + "perpetual when quoted in USDT or USDC (default: BTCUSDT=50000 ETHUSDT=3000, used only when no "
            + "--symbol is given).")
    Map<String, String> symbols = new LinkedHashMap<>();

    @Option(names = "--instrument", paramLabel = "CATEGORY:SYMBOL=RULES",
        description = "trading rules of a spot or linear instrument, repeatable, e.g. spot:BTCUSDT=tickSize:0.1,"
            + "qtyStep:0.000001,minOrderQty:0.000011,minNotional:5 (any subset); the engine enforces them (default: "
            + "scaled from the first price, BTCUSDT at 50000: spot 0.01/0.000001/0.000001/5, linear 0.1/0.001/0.001/5)."
    )
    Map<String, String> instruments = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
        description = "seed of the random source for orderIds, execIds and conn_ids (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--idle-timeout-ms", paramLabel = "MS", defaultValue = "" + BybitSimulator.IDLE_TIMEOUT_DEFAULT,
        description = "cut private sockets without ping or pushes after this long, as Bybit's 10 minutes "
            + "(default: ${DEFAULT-VALUE}).")
    long idleTimeoutMillis;

    @Option(names = "--rate-limit", paramLabel = "PATH=N",
        description = "per-account requests per second of a REST path, repeatable (default: /v5/order/create and "
            + "/v5/order/cancel 20, every other signed path 50).")
    Map<String, String> rateLimits = new LinkedHashMap<>();

    @Option(names = "--no-rate-limits", description = "never answer 10006 from the rate limiter (the X-Bapi-Limit "
        + "headers are still sent) (default: limits on).")
    boolean noRateLimits;

    @Option(names = "--rest-threads", paramLabel = "N", defaultValue = "4",
        description = "threads serving REST (default: ${DEFAULT-VALUE}).")
    int restThreads;

    @Option(names = "--scenario", paramLabel = "FILE",
        description = "fault script run against the simulator, format below (default: none).")
    Path scenarioFile;

    @Option(names = "--quiet", description = "do not print the fault log (armed and fired faults, scenario steps) "
        + "(default: printed, one 'bybit-sim log' line each).")
    boolean quiet;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit.")
    boolean help;

    private BybitSimulator.Builder builder;
    private ScenarioScript scenario;

    /**
     * Parse and check the command line, start the simulator, print its URLs, run until the JVM stops.
     *
     * @param args the arguments.
     * @return the exit code.
     */
    public static int run(final String[] args)
    {
        return commandLine().execute(args);
    }

    static CommandLine commandLine()
    {
        final CommandLine cli = new CommandLine(new SimulatorCommand());
        cli.getCommandSpec().usageMessage().footer("", ScenarioScript.FORMAT);
        cli.setParameterExceptionHandler((ex, args) ->
        {
            ex.getCommandLine().getErr().println("bybit-sim: " + oneLine(ex.getMessage()) + " (see --help)");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            final boolean usage = ex instanceof IllegalArgumentException;
            commandLine.getErr().println("bybit-sim: " + oneLine(usage ? ex.getMessage() : ex.getMessage() == null ?
                rootMessage(ex) : ex.getMessage()) + (usage ? " (see --help)" : ""));
            return usage ? EXIT_USAGE : EXIT_START_FAILED;
        });
        return cli;
    }

    /**
     * Check every value and build the simulator's configuration; nothing is started.
     *
     * @throws IllegalArgumentException naming the bad input.
     */
    void conclude()
    {
        final BybitSimulator.Builder b = BybitSimulator.builder();
        b.port(port("--port", port)).wsPort(port("--ws-port", wsPort));
        if (apiKeys.isEmpty() && apiSecrets.isEmpty())
        {
            throw new IllegalArgumentException("at least one --api-key KEY --api-secret SECRET pair is required");
        }
        if (apiKeys.size() != apiSecrets.size())
        {
            throw new IllegalArgumentException(apiKeys.size() + " --api-key but " + apiSecrets.size() +
                " --api-secret: give them in pairs");
        }
        for (int i = 0; i < apiKeys.size(); i++)
        {
            final String key = apiKeys.get(i);
            if (key.isBlank() || apiSecrets.get(i).isBlank())
            {
                throw new IllegalArgumentException("--api-key and --api-secret must not be empty");
            }
            if (apiKeys.indexOf(key) != i)
            {
                throw new IllegalArgumentException("--api-key " + key + " is given twice");
            }
            b.account(key, apiSecrets.get(i));
        }
        balances.forEach((coin, amount) ->
        {
            require(COIN.matcher(coin).matches(), "--balance " + coin + "=" + amount + ": the coin must be uppercase " +
                "letters or digits, e.g. USDT=500000");
            final BigDecimal value = decimal("--balance " + coin, amount);
            require(value.signum() >= 0, "--balance " + coin + "=" + amount + ": the amount must be >= 0");
            b.defaultBalance(coin, value.toPlainString());
        });
        symbols.forEach((symbol, price) ->
        {
            require(SYMBOL.matcher(symbol).matches(), "--symbol " + symbol + "=" + price + ": the symbol must be " +
                "uppercase letters or digits, e.g. BTCUSDT=50000");
            final BigDecimal value = decimal("--symbol " + symbol, price);
            require(value.signum() > 0, "--symbol " + symbol + "=" + price + ": the price must be > 0");
            b.symbol(symbol, value.toPlainString());
        });
        instruments.forEach((name, rules) -> instrument(b, name, rules));
        b.seed(seed);
        require(idleTimeoutMillis > 0, "--idle-timeout-ms must be > 0, got " + idleTimeoutMillis);
        b.idleTimeoutMillis(idleTimeoutMillis);
        rateLimits.forEach((path, limit) ->
        {
            require(path.startsWith("/v5/"), "--rate-limit " + path + "=" + limit + ": the path must start with /v5/");
            final int perSecond;
            try
            {
                perSecond = Integer.parseInt(limit);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--rate-limit " + path + "=" + limit + ": '" + limit +
                    "' is not a whole number");
            }
            require(perSecond > 0, "--rate-limit " + path + "=" + limit + ": the limit must be > 0");
            b.rateLimit(path, perSecond);
        });
        b.rateLimitsEnabled(!noRateLimits);
        require(restThreads > 0 && restThreads <= 256, "--rest-threads must be in [1, 256], got " + restThreads);
        b.restThreads(restThreads);
        if (scenarioFile != null)
        {
            scenario = loadScenario(scenarioFile);
            try
            {
                scenario.requireKeys(apiKeys);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--scenario " + scenarioFile + ": " + ex.getMessage());
            }
        }
        builder = b;
    }

    /** The configuration {@link #conclude()} built (tests). */
    BybitSimulator.Builder builderForTest()
    {
        return builder;
    }

    @Override
    public Integer call() throws Exception
    {
        conclude();
        final BybitSimulator sim;
        try
        {
            sim = builder.build().start();
        }
        catch (final IllegalStateException ex)
        {
            throw new IllegalStateException("could not start: " + rootMessage(ex.getCause() != null ? ex.getCause() : ex) +
                " (a port in use? --port 0 / --ws-port 0 pick free ones)", ex);
        }
        final ScenarioScript script = scenario;
        final Object stopped = new Object();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            if (script != null)
            {
                script.stop();
            }
            sim.close();
        }, "bybit-sim-shutdown"));
        final PrintWriter out = new PrintWriter(System.out, true);
        out.println("bybit-sim REST " + sim.restUrl());
        out.println("bybit-sim WS   " + sim.wsPrivateUrl());
        if (script != null)
        {
            out.println("bybit-sim scenario: " + script.size() + " step(s)");
            script.start(sim);
        }
        if (!quiet)
        {
            printFaultLog(sim, out);
        }
        synchronized (stopped)
        {
            while (true)
            {
                stopped.wait(); // until the JVM exits (Ctrl-C / SIGTERM runs the shutdown hook)
            }
        }
    }

    private static void instrument(final BybitSimulator.Builder b, final String name, final String rules)
    {
        final String what = "--instrument " + name + "=" + rules;
        final int colon = name.indexOf(':');
        require(colon > 0, what + ": expected CATEGORY:SYMBOL=RULES, e.g. spot:BTCUSDT=tickSize:0.1");
        final String category = name.substring(0, colon);
        final String symbol = name.substring(colon + 1);
        require("spot".equals(category) || "linear".equals(category), what + ": the category must be spot or linear");
        require(SYMBOL.matcher(symbol).matches(), what + ": the symbol must be uppercase letters or digits");
        final Map<String, String> values = new LinkedHashMap<>();
        for (final String rule : rules.split(","))
        {
            final int sep = rule.indexOf(':');
            require(sep > 0, what + ": expected NAME:VALUE pairs separated by commas, got '" + rule + "'");
            final String key = rule.substring(0, sep).strip();
            require(List.of("tickSize", "qtyStep", "minOrderQty", "minNotional").contains(key),
                what + ": unknown rule '" + key + "' (tickSize, qtyStep, minOrderQty, minNotional)");
            final String value = rule.substring(sep + 1).strip();
            require(decimal(what + " " + key, value).signum() > 0, what + ": " + key + " must be > 0");
            values.put(key, value);
        }
        b.instrument(category, symbol, values.get("tickSize"), values.get("qtyStep"), values.get("minOrderQty"),
            values.get("minNotional"));
    }

    /** Print the fault log as it grows (a scenario step that fails at run time shows here too). */
    private static void printFaultLog(final BybitSimulator sim, final PrintWriter out)
    {
        final ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "bybit-sim-log");
            t.setDaemon(true);
            return t;
        });
        final int[] printed = {1}; // the first line repeats the URLs printed above
        printer.scheduleWithFixedDelay(() ->
        {
            final List<String> log = sim.faults().log();
            for (; printed[0] < log.size(); printed[0]++)
            {
                out.println("bybit-sim log " + log.get(printed[0]));
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
    }

    private static ScenarioScript loadScenario(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("--scenario " + file + ": no such file");
        }
        try
        {
            return ScenarioScript.load(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("--scenario " + file + ": no such file");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--scenario " + file + ": cannot read it: " + ex.getMessage());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--scenario " + file + ": " + ex.getMessage());
        }
    }

    private static int port(final String option, final int value)
    {
        require(value >= 0 && value <= 65_535, option + " must be in [0, 65535], got " + value);
        return value;
    }

    private static BigDecimal decimal(final String what, final String text)
    {
        try
        {
            return new BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + "=" + text + ": '" + text + "' is not a number");
        }
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** The exception's own message for bad input; for a failure, the message chain down to the root cause. */
    private static String rootMessage(final Throwable ex)
    {
        if (ex instanceof IllegalArgumentException && ex.getMessage() != null)
        {
            return ex.getMessage();
        }
        final StringBuilder sb = new StringBuilder();
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause())
        {
            if (t.getMessage() != null && sb.indexOf(t.getMessage()) < 0)
            {
                sb.append(sb.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return sb.length() == 0 ? ex.getClass().getSimpleName() : sb.toString();
    }

    private static String oneLine(final String text)
    {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").replace("option option", "option").strip();
    }
}
