package com.qkt.sim.bybit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone simulator: {@code scripts/sim --api-key K --api-secret S [options]}. Prints the REST and WS URLs and
 * runs until stopped (Ctrl-C / SIGTERM). The options, their defaults and the scenario file format are in
 * {@code scripts/sim --help} ({@link SimulatorCommand}); a bad command line is one line on stderr and exit code 2.
 */
public final class SimulatorMain
{
    private SimulatorMain()
    {
    }

    /**
     * @param args see {@code scripts/sim --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(SimulatorCommand.run(args));
    }
}
