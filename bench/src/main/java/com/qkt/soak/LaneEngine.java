package com.qkt.soak;

import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.demo.DemoStrategy;

/**
 * One running engine of an account (client, broker, strategy), made by {@link LaneEngineFactory}. It ends either
 * cleanly ({@link #close()}) or as a process crash would end it ({@link #crash()}).
 */
final class LaneEngine implements AutoCloseable
{
    private final BybitClient client;
    private final BybitSpotBroker broker;
    private final DemoStrategy strategy;
    private boolean ended;
    private long ringHighWaterAtEnd;

    LaneEngine(
        final BybitClient client,
        final BybitSpotBroker broker,
        final DemoStrategy strategy)
    {
        this.client = client;
        this.broker = broker;
        this.strategy = strategy;
    }

    BybitClient client()
    {
        return client;
    }

    BybitSpotBroker broker()
    {
        return broker;
    }

    DemoStrategy strategy()
    {
        return strategy;
    }

    /**
     * @return the most ring slots ever occupied at once; read before the engine ends (the counter lives in the
     *         engine's monitor file, unmapped on close).
     */
    long ringHighWater()
    {
        return client.counters().ringOccupancyHighWater().get();
    }

    /**
     * End the engine the way a killed process ends, as far as anyone outside it can tell: the client is terminated
     * (from then on no event reaches the strategy; the socket is dropped without a close frame, REST calls in flight
     * are abandoned, nothing is tidied up) and the broker halted (no last snapshot: the next engine finds what the
     * journal held).
     */
    void crash()
    {
        if (ended)
        {
            return;
        }
        ended = true;
        // No cut of our own in front of the strategy: the broker would go on journaling as delivered what such a cut
        // dropped, which no real crash does. terminate() is the cut: from it on nothing reaches the strategy.
        strategy.stopTrading();
        ringHighWaterAtEnd = ringHighWater();
        client.terminate();
        broker.halt();
    }

    /**
     * @return {@link #ringHighWater()} as it was when the engine ended, or now while it runs.
     */
    long ringHighWaterAtEnd()
    {
        return ended ? ringHighWaterAtEnd : ringHighWater();
    }

    /**
     * Stop trading and close the client cleanly. Idempotent.
     */
    public void close()
    {
        if (ended)
        {
            return;
        }
        ended = true;
        strategy.stopTrading();
        ringHighWaterAtEnd = ringHighWater();
        client.close();
        broker.close();
    }
}
