package com.qkt.sim.bybit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A fault script: one step per line, {@code <offset> <command> <args...>}, run against a started simulator at the
 * given offset from {@link #start}. Blank lines and lines starting with {@code #} are ignored. Offsets and durations
 * are {@code 1500ms}, {@code 5s}, {@code 2m} or plain milliseconds. Commands (mirroring {@link Faults} and
 * {@link MatchingEngine}):
 * <pre>
 * 5s    closeAll KEY
 * 6s    resetAll KEY
 * 7s    halfOpen KEY
 * 8s    dropAfterFrames KEY N
 * 9s    refuseConnections 3s
 * 9s    blackholeConnections 3s
 * 10s   revokeKey KEY
 * 12s   restoreKey KEY
 * 13s   delayPushes 500ms            (0 turns it off)
 * 14s   duplicateNextPush KEY
 * 15s   sendRaw KEY {"topic":"order","data":[   (rest of the line is the frame)
 * 16s   restTimeout PATH N
 * 16s   restReset PATH N
 * 17s   restHttpStatus PATH STATUS N
 * 18s   restRateLimited PATH N       (10006; N calls, or a duration such as 3s: a 10006 storm)
 * 18s   restHttp429 PATH N           (HTTP 429; N calls or a duration)
 * 19s   ipBan 10s                    (every REST call answered HTTP 403 for the duration)
 * 19s   liftIpBan
 * 20s   clockSkew -10s               (server clock 10 s behind; +10s / 10s ahead; 0 ends it; not cumulative)
 * 19s   restRetCode PATH CODE N MESSAGE...
 * 20s   restMalformed PATH N
 * 20s   restNullResult PATH N
 * 21s   clearRestFaults
 * 22s   setPrice SYMBOL PRICE
 * 23s   rejectNextOrder KEY
 * </pre>
 * PATH is an endpoint path such as {@code /v5/order/create} or {@code *}. The whole file is parsed before anything
 * runs; a bad line fails {@link #parse} with its line number.
 */
public final class ScenarioScript
{
    /**
     * The file format, as {@code scripts/sim --help} prints it (and the README repeats it).
     */
    public static final String FORMAT = String.join("\n",
        "Scenario file (--scenario FILE): one step per line, '<offset> <command> <args...>', run at <offset> after",
        "the simulator started. Blank lines and lines starting with # are ignored. Offsets and durations: 1500ms,",
        "5s, 2m or plain milliseconds. The whole file is checked before the simulator starts; a bad line is",
        "reported with its number. KEY is an API key given with --api-key; PATH is a REST path such as",
        "/v5/order/create, or * for every path; N is a count of calls (or frames).",
        "  closeAll KEY                    close the key's private sockets (close frame 1000)",
        "  resetAll KEY                    TCP-reset the key's private sockets (no close frame)",
        "  halfOpen KEY                    the key's sockets go silent but stay open",
        "  dropAfterFrames KEY N           drop the key's sockets after N more frames",
        "  refuseConnections DURATION      reset new WS connections before the handshake",
        "  blackholeConnections DURATION   accept new WS connections, never answer",
        "  revokeKey KEY | restoreKey KEY  REST 10003 / WS auth failure for the key, and back",
        "  delayPushes DURATION            deliver every push this much later (0 = off)",
        "  duplicateNextPush KEY           the key's next push is delivered twice",
        "  sendRaw KEY TEXT...             send the rest of the line as a text frame to the key's sockets",
        "  restTimeout PATH N              next N calls never answered (not processed)",
        "  restReset PATH N                next N calls: connection closed, no answer (not processed)",
        "  restHttpStatus PATH STATUS N    next N calls answered with that HTTP status",
        "  restRateLimited PATH N          next N calls answered retCode 10006 with the limit headers",
        "  restHttp429 PATH N              next N calls answered HTTP 429",
        "  restRetCode PATH CODE N MSG...  next N calls answered with that retCode and message",
        "  restMalformed PATH N            next N calls answered with truncated JSON",
        "  restNullResult PATH N           next N calls answered retCode 0 with \"result\":null",
        "  clearRestFaults                 disarm every REST fault",
        "  setPrice SYMBOL PRICE           move the last price (fills the resting orders it crosses)",
        "  rejectNextOrder KEY             the key's next create is acknowledged, then pushed Rejected",
        "Example:",
        "  # a 10006 burst on order entry at 5 s, a private-stream reset at 10 s, a price move at 12 s",
        "  5s  restRateLimited /v5/order/create 3",
        "  10s resetAll my-key",
        "  12s setPrice BTCUSDT 49500");

    /** Commands whose first argument is an API key. */
    private static final Set<String> KEY_COMMANDS = Set.of("closeAll", "resetAll", "halfOpen",
        "dropAfterFrames", "revokeKey", "restoreKey", "duplicateNextPush", "sendRaw", "rejectNextOrder");

    /** One parsed line. */
    private record Step(long offsetMillis, String text, Consumer<BybitSimulator> action, String apiKey, int line)
    {
    }

    private final List<Step> steps;
    private ScheduledExecutorService executor;

    private ScenarioScript(final List<Step> steps)
    {
        this.steps = steps;
    }

    /**
     * @return the parsed script.
     * @throws IllegalArgumentException naming the first bad line.
     */
    public static ScenarioScript parse(final List<String> lines)
    {
        final List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            try
            {
                steps.add(step(line, i + 1));
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException("scenario line " + (i + 1) + ": " + ex.getMessage() + ": " + line, ex);
            }
        }
        return new ScenarioScript(steps);
    }

    /**
     * @return the parsed script file.
     */
    public static ScenarioScript load(final Path file) throws IOException
    {
        return parse(Files.readAllLines(file));
    }

    /**
     * Check that every API key the script names is one of the simulator's accounts.
     *
     * @throws IllegalArgumentException naming the first line with an unknown key.
     */
    public void requireKeys(final Collection<String> apiKeys)
    {
        for (final Step step : steps)
        {
            if (step.apiKey != null && !apiKeys.contains(step.apiKey))
            {
                throw new IllegalArgumentException("scenario line " + step.line + ": unknown API key " + step.apiKey +
                    ": " + step.text);
            }
        }
    }

    /**
     * @return how many steps the script has.
     */
    public int size()
    {
        return steps.size();
    }

    /**
     * Schedule every step against the simulator, offsets counted from now, on one daemon thread.
     */
    public synchronized void start(final BybitSimulator sim)
    {
        executor = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "bybit-sim-scenario");
            t.setDaemon(true);
            return t;
        });
        for (final Step step : steps)
        {
            executor.schedule(() -> run(sim, step), step.offsetMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Run every step now, in file order, ignoring offsets (for tests).
     */
    public void runAllNow(final BybitSimulator sim)
    {
        steps.forEach(step -> run(sim, step));
    }

    /**
     * Cancel the steps not yet run.
     */
    public synchronized void stop()
    {
        if (executor != null)
        {
            executor.shutdownNow();
        }
    }

    private static void run(final BybitSimulator sim, final Step step)
    {
        try
        {
            sim.faults().line("scenario: " + step.text);
            step.action.accept(sim);
        }
        catch (final RuntimeException ex)
        {
            sim.faults().line("scenario step failed: " + step.text + ": " + ex);
        }
    }

    private static Step step(final String line, final int lineNumber)
    {
        final String[] t = line.split("\\s+");
        if (t.length < 2)
        {
            throw new IllegalArgumentException("expected '<offset> <command> ...'");
        }
        final long offset = millis(t[0]);
        final String cmd = t[1];
        final String[] a = Arrays.copyOfRange(t, 2, t.length);
        final Consumer<BybitSimulator> action = switch (cmd)
        {
            case "closeAll" -> need(a, 1, s -> s.faults().closeAll(a[0]));
            case "resetAll" -> need(a, 1, s -> s.faults().resetAll(a[0]));
            case "halfOpen" -> need(a, 1, s -> s.faults().halfOpen(a[0]));
            case "dropAfterFrames" -> need(a, 2, s -> s.faults().dropAfterFrames(a[0], integer(a[1])));
            case "refuseConnections" -> need(a, 1, s -> s.faults().refuseConnections(duration(a[0])));
            case "blackholeConnections" -> need(a, 1, s -> s.faults().blackholeConnections(duration(a[0])));
            case "revokeKey" -> need(a, 1, s -> s.faults().revokeKey(a[0]));
            case "restoreKey" -> need(a, 1, s -> s.faults().restoreKey(a[0]));
            case "delayPushes" -> need(a, 1, s -> s.faults().delayPushes(duration(a[0])));
            case "duplicateNextPush" -> need(a, 1, s -> s.faults().duplicateNextPush(a[0]));
            case "sendRaw" ->
            {
                need(a, 2, null);
                final String frame = line.substring(line.indexOf(a[0], line.indexOf(cmd) + cmd.length()) +
                    a[0].length()).strip();
                yield s -> s.faults().sendRaw(a[0], frame);
            }
            case "restTimeout" -> need(a, 2, s -> s.faults().restTimeout(a[0], integer(a[1])));
            case "restReset" -> need(a, 2, s -> s.faults().restReset(a[0], integer(a[1])));
            case "restHttpStatus" -> need(a, 3, s -> s.faults().restHttpStatus(a[0], integer(a[1]), integer(a[2])));
            case "restRateLimited" -> need(a, 2, isDuration(a, 1) ?
                s -> s.faults().restRateLimited(a[0], duration(a[1])) :
                s -> s.faults().restRateLimited(a[0], integer(a[1])));
            case "restHttp429" -> need(a, 2, isDuration(a, 1) ?
                s -> s.faults().restHttp429(a[0], duration(a[1])) :
                s -> s.faults().restHttp429(a[0], integer(a[1])));
            case "ipBan" -> need(a, 1, s -> s.faults().ipBan(duration(a[0])));
            case "liftIpBan" -> s -> s.faults().liftIpBan();
            case "clockSkew" -> need(a, 1, s -> s.faults().clockSkew(signedDuration(a[0])));
            case "restRetCode" ->
            {
                need(a, 4, null);
                final String msg = String.join(" ", Arrays.copyOfRange(a, 3, a.length));
                yield s -> s.faults().restRetCode(a[0], integer(a[1]), msg, integer(a[2]));
            }
            case "restMalformed" -> need(a, 2, s -> s.faults().restMalformed(a[0], integer(a[1])));
            case "restNullResult" -> need(a, 2, s -> s.faults().restNullResult(a[0], integer(a[1])));
            case "clearRestFaults" -> s -> s.faults().clearRestFaults();
            case "setPrice" -> need(a, 2, s -> s.engine().setPrice(a[0], a[1]));
            case "rejectNextOrder" -> need(a, 1, s -> s.engine().rejectNextOrder(a[0]));
            default -> throw new IllegalArgumentException("unknown command " + cmd);
        };
        // validate numeric arguments now rather than when the step fires
        for (final String arg : a)
        {
            if (arg.matches("\\d+(ms|s|m)"))
            {
                duration(arg);
            }
        }
        if (cmd.startsWith("rest") && !"restRetCode".equals(cmd) && !"clearRestFaults".equals(cmd))
        {
            for (int i = 1; i < a.length; i++)
            {
                if (!isDuration(a, i))
                {
                    integer(a[i]);
                }
            }
        }
        if ("clockSkew".equals(cmd) || "ipBan".equals(cmd))
        {
            signedDuration(a[0]);
        }
        if ("dropAfterFrames".equals(cmd))
        {
            integer(a[1]);
        }
        if ("restRetCode".equals(cmd))
        {
            integer(a[1]);
            integer(a[2]);
        }
        return new Step(offset, line, action, KEY_COMMANDS.contains(cmd) ? a[0] : null, lineNumber);
    }

    private static Consumer<BybitSimulator> need(
        final String[] args, final int n, final Consumer<BybitSimulator> action)
    {
        if (args.length < n)
        {
            throw new IllegalArgumentException("expected " + n + " argument(s)");
        }
        return action;
    }

    private static int integer(final String text)
    {
        return Integer.parseInt(text);
    }

    static long millis(final String text)
    {
        if (text.endsWith("ms"))
        {
            return Long.parseLong(text.substring(0, text.length() - 2));
        }
        if (text.endsWith("s"))
        {
            return Long.parseLong(text.substring(0, text.length() - 1)) * 1000;
        }
        if (text.endsWith("m"))
        {
            return Long.parseLong(text.substring(0, text.length() - 1)) * 60_000;
        }
        return Long.parseLong(text);
    }

    private static Duration duration(final String text)
    {
        return Duration.ofMillis(millis(text));
    }

    /** {@code -10s}, {@code +500ms}, {@code 2000}: a duration that may be negative. */
    private static Duration signedDuration(final String text)
    {
        if (text.startsWith("-"))
        {
            return duration(text.substring(1)).negated();
        }
        return duration(text.startsWith("+") ? text.substring(1) : text);
    }

    private static boolean isDuration(final String[] args, final int i)
    {
        return args.length > i && args[i].matches("\\d+(ms|s|m)");
    }
}
