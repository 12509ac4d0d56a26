package com.qkt.soak;

import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.demo.DemoStrategy;
import com.qkt.demo.SimulationRun;
import com.qkt.events.BrokerEventListener;
import org.agrona.DirectBuffer;

/**
 * One running engine of an account (client, broker, strategy), made by {@link LaneEngineFactory}. It ends either
 * cleanly ({@link #close()}) or as a process crash would end it ({@link #crash()}).
 */
final class LaneEngine implements AutoCloseable
{
    private final BybitClient client;
    private final BybitSpotBroker broker;
    private final DemoStrategy strategy;
    private final EventGate gate;
    private boolean ended;
    private long ringHighWaterAtEnd;

    LaneEngine(
        final BybitClient client,
        final BybitSpotBroker broker,
        final DemoStrategy strategy,
        final EventGate gate)
    {
        this.client = client;
        this.broker = broker;
        this.strategy = strategy;
        this.gate = gate;
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
     * End the engine the way a killed process ends, as far as anyone outside it can tell: from one handler-thread
     * instant on, no event reaches the strategy and the strategy sends nothing; the client is terminated (socket
     * dropped without a close frame, REST calls in flight abandoned, nothing tidied up) and the broker halted (no
     * last snapshot: the next engine finds what the journal held).
     */
    void crash()
    {
        if (ended)
        {
            return;
        }
        ended = true;
        SimulationRun.onHandler(client, () ->
        {
            gate.cut();
            strategy.stopTrading();
            return null;
        });
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

    /**
     * Passes the broker's events to the strategy until cut, on the handler thread only (so no field is shared).
     */
    static final class EventGate implements BrokerEventListener
    {
        private final BrokerEventListener delegate;
        private boolean cut;

        EventGate(final BrokerEventListener delegate)
        {
            this.delegate = delegate;
        }

        void cut()
        {
            cut = true;
        }

        public void onBrokerEvent(final DirectBuffer buffer, final int offset, final int length)
        {
            if (!cut)
            {
                delegate.onBrokerEvent(buffer, offset, length);
            }
        }
    }
}
