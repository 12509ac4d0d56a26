package com.qkt.sim.bybit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone simulator: {@code scripts/sim --port 9000 --api-key K --api-secret S}. Prints the REST and WS URLs and
 * runs until stopped (Ctrl-C / SIGTERM).
 *
 * <pre>
 * --port N                 REST port (default 0 = random)
 * --ws-port N              WebSocket port (default 0 = random)
 * --api-key K --api-secret S   an account; repeat the pair for more accounts
 * --balance COIN=AMOUNT    starting balance of every account (repeatable; defaults USDT=1000000, BTC=100)
 * --symbol SYMBOL=PRICE    a symbol and its price (repeatable; defaults BTCUSDT=50000, ETHUSDT=3000)
 * --seed N                 random seed for ids (default 42)
 * --idle-timeout-ms N      idle cut of private sockets (default 600000)
 * --rate-limit PATH=N      per-second limit of a REST path (repeatable)
 * --no-rate-limits         never answer 10006 from the limiter
 * --scenario FILE          fault script, see {@link ScenarioScript}
 * </pre>
 */
public final class SimulatorMain
{
    private SimulatorMain()
    {
    }

    /**
     * @param args see the class Javadoc.
     */
    public static void main(final String[] args) throws Exception
    {
        final BybitSimulator.Builder builder = BybitSimulator.builder();
        String pendingKey = null;
        ScenarioScript scenario = null;
        boolean anyAccount = false;
        for (int i = 0; i < args.length; i++)
        {
            final String flag = args[i];
            if ("--no-rate-limits".equals(flag))
            {
                builder.rateLimitsEnabled(false);
                continue;
            }
            if ("--help".equals(flag) || "-h".equals(flag))
            {
                usage(null);
                return;
            }
            if (i + 1 >= args.length)
            {
                usage("missing value for " + flag);
                return;
            }
            final String value = args[++i];
            switch (flag)
            {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--ws-port" -> builder.wsPort(Integer.parseInt(value));
                case "--api-key" -> pendingKey = value;
                case "--api-secret" ->
                {
                    if (pendingKey == null)
                    {
                        usage("--api-secret must follow --api-key");
                        return;
                    }
                    builder.account(pendingKey, value);
                    pendingKey = null;
                    anyAccount = true;
                }
                case "--balance" -> builder.defaultBalance(before(value), after(value));
                case "--symbol" -> builder.symbol(before(value), after(value));
                case "--seed" -> builder.seed(Long.parseLong(value));
                case "--idle-timeout-ms" -> builder.idleTimeoutMillis(Long.parseLong(value));
                case "--rate-limit" -> builder.rateLimit(before(value), Integer.parseInt(after(value)));
                case "--scenario" -> scenario = ScenarioScript.load(Path.of(value));
                default ->
                {
                    usage("unknown flag " + flag);
                    return;
                }
            }
        }
        if (!anyAccount)
        {
            usage("at least one --api-key/--api-secret pair is required");
            return;
        }
        final BybitSimulator sim = builder.build().start();
        final CountDownLatch stopped = new CountDownLatch(1);
        final ScenarioScript script = scenario;
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            if (script != null)
            {
                script.stop();
            }
            sim.close();
            stopped.countDown();
        }, "bybit-sim-shutdown"));
        System.out.println("bybit-sim REST " + sim.restUrl());
        System.out.println("bybit-sim WS   " + sim.wsPrivateUrl());
        if (script != null)
        {
            System.out.println("bybit-sim scenario: " + script.size() + " step(s)");
            script.start(sim);
        }
        System.out.flush();
        stopped.await();
    }

    private static String before(final String pair)
    {
        final int eq = pair.indexOf('=');
        if (eq <= 0)
        {
            throw new IllegalArgumentException("expected NAME=VALUE, got " + pair);
        }
        return pair.substring(0, eq);
    }

    private static String after(final String pair)
    {
        return pair.substring(pair.indexOf('=') + 1);
    }

    private static void usage(final String error)
    {
        if (error != null)
        {
            System.err.println("bybit-sim: " + error);
        }
        System.err.println("usage: scripts/sim [--port N] [--ws-port N] --api-key K --api-secret S [--api-key K2 " +
            "--api-secret S2] [--balance COIN=AMOUNT] [--symbol SYMBOL=PRICE] [--seed N] [--idle-timeout-ms N] " +
            "[--rate-limit PATH=N] [--no-rate-limits] [--scenario FILE]");
        if (error != null)
        {
            System.exit(2);
        }
    }
}
