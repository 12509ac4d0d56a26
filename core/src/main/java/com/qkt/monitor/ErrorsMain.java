package com.qkt.monitor;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code scripts/errors}: print the distinct errors of engines with their counts and first/last time.
 */
public final class ErrorsMain
{
    static final String USAGE = String.join("\n",
        "usage: scripts/errors [DIR|PID]",
        "Prints the distinct errors a qkt engine recorded in its monitor file: how often, first and last time, and",
        "the first occurrence's stack trace. The same error (class, message head and top frames) is counted, never",
        "stored twice; the log is bounded (qkt.engine.errorLogBytes).",
        "  DIR  the engine directory (qkt.engine.dir) or its qkt-monitor.dat, also of an engine that has stopped",
        "  PID  every engine of that process under java.io.tmpdir",
        "       default: every running engine under java.io.tmpdir (qkt-<pid>-<n>)",
        "Exit codes: 0 printed, 1 no engine found, 2 bad usage.");

    private ErrorsMain()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        String target = null;
        for (final String arg : args)
        {
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                System.out.println(USAGE);
                return;
            }
            if (arg.startsWith("-") || null != target)
            {
                System.err.println("scripts/errors: unknown argument: " + arg + " (--help lists the options)");
                System.exit(2);
            }
            target = arg;
        }

        final List<Path> dirs;
        try
        {
            dirs = MonitorTargets.resolve(target, Paths.get(System.getProperty("java.io.tmpdir")));
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("scripts/errors: " + ex.getMessage());
            System.exit(1); // nothing to read: not a usage error
            return;
        }
        for (final Path dir : dirs)
        {
            try (MonitorFile file = MonitorFile.open(dir))
            {
                MonitorPrinter.printErrors(file, System.out);
            }
            catch (final RuntimeException ex)
            {
                System.out.println(dir + ": " + ex.getMessage() + " (engine closed?)");
            }
        }
    }
}
