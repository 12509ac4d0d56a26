package com.qkt.monitor;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code scripts/stat}: print the live counters of running engines, refreshing until Ctrl-C, or once.
 */
public final class StatMain
{
    static final String USAGE = String.join("\n",
        "usage: scripts/stat [DIR|PID] [--once] [--interval MS]",
        "Prints the counters of a running qkt engine from its monitor file, refreshing every second (Ctrl-C stops).",
        "  DIR            the engine directory (qkt.engine.dir) or its qkt-monitor.dat; a kept file of an engine",
        "                 that has stopped is read as well",
        "  PID            every engine of that process under java.io.tmpdir",
        "                 default: every running engine under java.io.tmpdir (qkt-<pid>-<n>)",
        "  --once         print once and exit",
        "  --interval MS  refresh period (default 1000)",
        "Exit codes: 0 printed, 1 no engine found, 2 bad usage.");

    private StatMain()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        String target = null;
        boolean once = false;
        long intervalMs = 1000;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--help":
                case "-h":
                    System.out.println(USAGE);
                    return;
                case "--once":
                    once = true;
                    break;
                case "--interval":
                    if (i + 1 >= args.length || !args[i + 1].matches("[0-9]{1,9}") || Long.parseLong(args[i + 1]) < 1)
                    {
                        fail("--interval needs a positive number of milliseconds");
                    }
                    intervalMs = Long.parseLong(args[++i]);
                    break;
                default:
                    if (args[i].startsWith("-") || null != target)
                    {
                        fail("unknown argument: " + args[i] + " (--help lists the options)");
                    }
                    target = args[i];
            }
        }

        final List<Path> dirs = resolve(target);
        final boolean refresh = !once && System.console() != null;
        while (true)
        {
            final StringBuilder screen = new StringBuilder();
            boolean anyAlive = false;
            for (final Path dir : dirs)
            {
                try (MonitorFile file = MonitorFile.open(dir))
                {
                    anyAlive |= file.isProcessAlive();
                    screen.append(MonitorPrinter.header(file)).append('\n');
                    MonitorPrinter.counterLines(file).forEach((line) -> screen.append(line).append('\n'));
                }
                catch (final RuntimeException ex)
                {
                    screen.append(dir).append(": ").append(ex.getMessage()).append(" (engine closed?)\n");
                }
            }
            if (refresh)
            {
                System.out.print("\033[H\033[2J");
            }
            System.out.print(screen);
            System.out.flush();
            if (once || !anyAlive)
            {
                return;
            }
            if (!refresh)
            {
                System.out.println();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intervalMs));
        }
    }

    static List<Path> resolve(final String target)
    {
        try
        {
            return MonitorTargets.resolve(target, Paths.get(System.getProperty("java.io.tmpdir")));
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("scripts/stat: " + ex.getMessage());
            System.exit(1); // nothing to read: not a usage error
            return List.of();
        }
    }

    static void fail(final String message)
    {
        System.err.println("scripts/stat: " + message);
        System.exit(2);
    }
}
