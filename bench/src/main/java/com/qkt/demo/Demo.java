package com.qkt.demo;

import com.qkt.broker.bybit.BybitConnectException;

import java.io.PrintStream;
import java.util.Map;

/**
 * Entry point of {@code scripts/demo}: parses the options and runs the simulator demo or the testnet check.
 * Exit codes: 0 every invariant held, 1 an invariant broke, 2 bad usage, configuration or connection.
 */
public final class Demo
{
    private Demo()
    {
    }

    /**
     * @param args see {@link DemoOptions#USAGE}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /**
     * Run the demo in-process.
     *
     * @param args        the command line.
     * @param out         timeline and summary.
     * @param err         one-line error messages.
     * @param environment where {@code --testnet} reads its keys.
     * @return the exit code.
     */
    public static int run(
        final String[] args, final PrintStream out, final PrintStream err, final Map<String, String> environment)
    {
        final DemoOptions options;
        try
        {
            options = DemoOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("scripts/demo: " + ex.getMessage());
            return 2;
        }
        if (options.help())
        {
            out.println(DemoOptions.USAGE);
            return 0;
        }
        try
        {
            if (options.testnet())
            {
                return new TestnetCheck(options, out, err, environment).run();
            }
            final Summary summary = new SimulationRun(options, out).run();
            summary.print(out, options.verbose());
            return summary.passed() ? 0 : 1;
        }
        catch (final BybitConnectException ex)
        {
            err.println("scripts/demo: could not connect: " + ex.getMessage());
            return 2;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("scripts/demo: bad configuration: " + ex.getMessage());
            return 2;
        }
    }
}
