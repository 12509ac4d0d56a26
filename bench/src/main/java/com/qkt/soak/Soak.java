package com.qkt.soak;

import com.qkt.broker.bybit.BybitConnectException;

import java.io.PrintStream;

/**
 * Entry point of {@code scripts/soak}. Exit codes: 0 every invariant held, 1 one broke, 2 bad usage, configuration
 * or connection.
 */
public final class Soak
{
    private Soak()
    {
    }

    /**
     * @param args see {@link SoakOptions#USAGE}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run the soak in-process.
     *
     * @param args the command line.
     * @param out  report lines and the summary.
     * @param err  one-line error messages.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final SoakOptions options;
        try
        {
            options = SoakOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("scripts/soak: " + ex.getMessage());
            return 2;
        }
        if (options.help())
        {
            out.println(SoakOptions.USAGE);
            return 0;
        }
        try
        {
            final SoakSummary summary = new SoakRun(options, out).run();
            summary.print(out, options.verbose());
            return summary.passed() ? 0 : 1;
        }
        catch (final BybitConnectException ex)
        {
            err.println("scripts/soak: could not connect: " + ex.getMessage());
            return 2;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("scripts/soak: bad configuration: " + ex.getMessage());
            return 2;
        }
    }
}
