package com.qkt.soak;

import static com.qkt.demo.OptionValues.number;
import static com.qkt.demo.OptionValues.value;

/**
 * The soak's command line, parsed once. Unknown options and bad values raise {@link IllegalArgumentException} with a
 * one-line message meant for the user.
 */
public final class SoakOptions
{
    /** Usage text printed by {@code --help}. */
    public static final String USAGE = String.join(System.lineSeparator(),
        "usage: scripts/soak [--minutes M] [--drops N] [--orders N] [--restarts N] [--seed S] [--accounts K]",
        "                    [--quick] [--verbose]",
        "",
        "Trades through the resilient Bybit V5 connection against embedded Bybit simulators (one account and one",
        "engine per simulator, several in parallel) for M minutes while injecting faults at a high rate: socket drops",
        "(resets, closes, half-open sockets, refused and blackholed reconnects, fills landing on the drop and in the",
        "gap, drops timed to land during auth, subscribe and recovery), REST timeouts, resets, 5xx, 429, 403 and 10006",
        "bursts, malformed frames and REST bodies, clock skew, exchange-side cancels and rejects. Prints a line a",
        "minute and a summary; exits 1 if an invariant broke (a lost, duplicate or late fill, cum going back, a final",
        "state different from the simulator's, the broker's maps not back to empty, heap after GC growing).",
        "",
        "  --minutes M    trading time (default 12; the quiet period and final checks come on top)",
        "  --drops N      socket drops to inject over all accounts (default 200)",
        "  --orders N     orders to submit over all accounts (default 10000; fewer is a failure)",
        "  --restarts N   engine restarts without a clean close: the engine is killed (client terminated, broker",
        "                 halted, nothing tidied up) and a new one starts on the same state directory (default 5)",
        "  --seed S       seed of the faults, prices and strategies (default 42)",
        "  --accounts K   simulator accounts/engines in parallel (default: enough for ~7 orders/s each)",
        "  --quick        the short soak run by mvn verify: 45 s of trading, 24 drops, 600 orders, 2 restarts",
        "  --verbose      also the timeline of every fault, drop, reconnect and recovery",
        "  --help         this text",
        "",
        "Exit codes: 0 all invariants held, 1 an invariant broke, 2 bad usage or configuration.");

    /** Orders per second one account is planned for (the strategy can do ~10 with the soak's pacing). */
    static final double ORDERS_PER_SECOND_PER_ACCOUNT = 7.0;
    /** Trading time of {@code --quick}: with the start, the quiet period and the checks, about a minute. */
    static final int QUICK_SECONDS = 45;

    int minutes = 12;
    int drops = 200;
    int orders = 10_000;
    int restarts = 5;
    long seed = 42;
    int accounts;
    boolean quick;
    boolean verbose;
    boolean help;
    private boolean minutesSet;
    private boolean dropsSet;
    private boolean ordersSet;
    private boolean restartsSet;
    private double quickSeconds;

    /**
     * @param args command line arguments.
     * @return the parsed options.
     * @throws IllegalArgumentException on an unknown option or a bad value.
     */
    public static SoakOptions parse(final String... args)
    {
        final SoakOptions o = new SoakOptions();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            switch (arg)
            {
                case "--minutes":
                    o.minutes = (int)number(arg, value(args, ++i, arg), 1, 24 * 60);
                    o.minutesSet = true;
                    break;
                case "--drops":
                    o.drops = (int)number(arg, value(args, ++i, arg), 0, 1_000_000);
                    o.dropsSet = true;
                    break;
                case "--orders":
                    o.orders = (int)number(arg, value(args, ++i, arg), 1, 100_000_000);
                    o.ordersSet = true;
                    break;
                case "--restarts":
                    o.restarts = (int)number(arg, value(args, ++i, arg), 0, 10_000);
                    o.restartsSet = true;
                    break;
                case "--seed":
                    o.seed = number(arg, value(args, ++i, arg), Long.MIN_VALUE, Long.MAX_VALUE);
                    break;
                case "--accounts":
                    o.accounts = (int)number(arg, value(args, ++i, arg), 1, 16);
                    break;
                case "--quick":
                    o.quick = true;
                    break;
                case "--verbose":
                    o.verbose = true;
                    break;
                case "--help":
                case "-h":
                    o.help = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
            }
        }
        if (o.quick)
        {
            // the explicit options still win, so a quick run can be tuned
            o.quickSeconds = o.minutesSet ? 0 : QUICK_SECONDS;
            o.drops = o.dropsSet ? o.drops : 24;
            o.orders = o.ordersSet ? o.orders : 600;
            o.restarts = o.restartsSet ? o.restarts : 2;
        }
        return o;
    }

    /**
     * @return trading time in seconds.
     */
    public double tradingSeconds()
    {
        return quickSeconds > 0 ? quickSeconds : minutes * 60.0;
    }

    /**
     * @return socket drops over all accounts.
     */
    public int drops()
    {
        return drops;
    }

    /**
     * @return orders to submit over all accounts.
     */
    public int orders()
    {
        return orders;
    }

    /**
     * @return restarts without a clean close over all accounts.
     */
    public int restarts()
    {
        return restarts;
    }

    /**
     * @return seed of every random choice of the run.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * @return accounts (simulator + engine) in parallel: as given, or enough for the order count in the time.
     */
    public int accounts()
    {
        if (accounts > 0)
        {
            return accounts;
        }
        return (int)Math.max(1, Math.ceil(orders / (tradingSeconds() * ORDERS_PER_SECOND_PER_ACCOUNT)));
    }

    /**
     * @return true for the short run of the build.
     */
    public boolean quick()
    {
        return quick;
    }

    /**
     * @return true to print the timeline too.
     */
    public boolean verbose()
    {
        return verbose;
    }

    /**
     * @return true when only the usage was asked for.
     */
    public boolean help()
    {
        return help;
    }
}
