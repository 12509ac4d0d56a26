package com.qkt.broker.bybit;

import com.qkt.common.net.FixedDelayBackoff;
import com.qkt.engine.EngineContext;
import com.qkt.engine.WaitStrategyKind;
import com.qkt.sim.bybit.BybitSimulator;
import com.qkt.sim.bybit.SimExecution;
import com.qkt.sim.bybit.SimOrder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A simulator on loopback plus a client and broker wired to it, with fast liveness settings, for integration tests.
 * Waits are conditions with a deadline; broker calls run on the handler thread.
 */
public final class SimHarness implements AutoCloseable
{
    static final String KEY = "it-key";
    static final String SECRET = "it-secret";
    static final long DEADLINE_MS = 15_000;

    final BybitSimulator sim;
    /** The strategy: one across restarts, so "exactly once" spans every process of a test. */
    StrategyEventRecorder recorder = new StrategyEventRecorder();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    BybitClient client;
    BybitSpotBroker broker;

    private final boolean ownsSim;

    SimHarness()
    {
        this(b -> b.rateLimitsEnabled(false));
    }

    /**
     * @param simTweak adjusts the simulator before it starts (e.g. its budgets); the default one runs without them.
     */
    SimHarness(final Consumer<BybitSimulator.Builder> simTweak)
    {
        final BybitSimulator.Builder builder = BybitSimulator.builder().account(KEY, SECRET).seed(7);
        simTweak.accept(builder);
        sim = builder.build().start();
        ownsSim = true;
    }

    /**
     * A second engine on the same simulator (and account); closing it leaves the simulator running.
     */
    SimHarness(final BybitSimulator shared)
    {
        sim = shared;
        ownsSim = false;
    }

    BybitClientContext clientContext()
    {
        return new BybitClientContext()
            .restUrl(sim.restUrl())
            .wsUrl(sim.wsPrivateUrl())
            .apiKey(KEY)
            .apiSecret(SECRET)
            .connectTimeoutMs(10_000)
            .pingIntervalMs(200)
            .staleTimeoutMs(2_000)
            .attemptTimeoutMs(5_000)
            .restTimeoutMs(2_000)
            .restRetryBackoff(new FixedDelayBackoff(TimeUnit.MILLISECONDS.toNanos(50)))
            .reconnectBackoff(new FixedDelayBackoff(TimeUnit.MILLISECONDS.toNanos(50)))
            .engineContext(new EngineContext()
                .waitStrategy(WaitStrategyKind.PARKING)
                .errorHandler(errors::add));
    }

    SimHarness connect()
    {
        return connect(c -> { }, b -> { });
    }

    SimHarness connect(final Consumer<BybitClientContext> clientTweak, final Consumer<BybitSpotBrokerContext> brokerTweak)
    {
        final BybitClientContext ctx = clientContext();
        clientTweak.accept(ctx);
        client = new BybitClient(ctx);
        final BybitSpotBrokerContext brokerCtx = new BybitSpotBrokerContext().orderLinkIdPrefix("it-");
        brokerTweak.accept(brokerCtx);
        broker = onHandler(() -> new BybitSpotBroker(client, recorder, errors::add, brokerCtx));
        client.connect();
        return this;
    }

    <T> T onHandler(final Supplier<T> action)
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        client.execute(() ->
        {
            try
            {
                result.complete(action.get());
            }
            catch (final Throwable t)
            {
                result.completeExceptionally(t);
            }
        });
        try
        {
            return result.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
        }
        catch (final Exception ex)
        {
            throw new AssertionError("handler action failed", ex);
        }
    }

    void onHandler(final Runnable action)
    {
        onHandler(() ->
        {
            action.run();
            return null;
        });
    }

    /**
     * Wait for another thread's progress: the condition polled every 5 ms until it holds, or the test fails after
     * {@link #DEADLINE_MS}.
     *
     * @param what      what is waited for, for the failure message.
     * @param condition true once it happened.
     */
    public static void waitUntil(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    String orderId(final long clientOrderId)
    {
        final String linkId = broker.orderLinkId(clientOrderId);
        waitUntil("the simulator has " + linkId, () -> null != sim.engine().order(KEY, linkId));
        return sim.engine().order(KEY, linkId).orderId();
    }

    /** Wait until the strategy has heard every fill the exchange executed, then check the whole contract. */
    void assertConsistentWithExchange()
    {
        waitUntil("every executed fill is delivered",
            () -> recorder.fillCount() >= sim.engine().executions(KEY).size() && client.isConnected());
        final List<SimExecution> executions = sim.engine().executions(KEY);
        assertEquals(executions.size(), recorder.fillCount(), "fills delivered vs executed");
        final Set<String> executed = new HashSet<>();
        for (final SimExecution e : executions)
        {
            executed.add(e.execId());
        }
        synchronized (recorder)
        {
            assertEquals(executed, recorder.execIds, "exec ids delivered vs executed");
        }
        assertEquals(List.of(), recorder.violationsSnapshot(), "event contract");

        waitUntil("terminal orders are reported", () ->
        {
            for (final SimOrder order : sim.engine().orders(KEY))
            {
                if (!order.isOpen() && !recorder.isTerminal(order.orderLinkId()))
                {
                    return false;
                }
            }
            return true;
        });
        final List<String> mismatches = new ArrayList<>();
        int open = 0;
        for (final SimOrder order : sim.engine().orders(KEY))
        {
            final boolean terminalHere = recorder.isTerminal(order.orderLinkId());
            if (order.isOpen() == terminalHere)
            {
                mismatches.add(order.orderLinkId() + " exchange=" + order.status() + " strategy terminal=" + terminalHere);
            }
            open += order.isOpen() ? 1 : 0;
        }
        assertEquals(List.of(), mismatches, "order states");
        final int openOrders = open;
        assertEquals(openOrders, (int)onHandler(() -> broker.knownOrderCount()), "known orders vs open on exchange");
    }

    /**
     * Kill the engine as a crash would: the client stops without a goodbye, the state as the journal holds it now.
     */
    void crash()
    {
        client.terminate();
        broker.halt();
    }

    public void close()
    {
        if (null != client)
        {
            client.close();
        }
        if (null != broker)
        {
            broker.close();
        }
        if (ownsSim)
        {
            sim.close();
        }
    }
}
