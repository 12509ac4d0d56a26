package com.qkt.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the handler thread waits for events: from cheapest on CPU ({@link #BLOCKING}) to lowest latency
 * ({@link #BUSY_SPIN}, which burns a core and should be pinned).
 */
public enum WaitStrategyKind
{
    /**
     * Lock and condition; idle costs nothing.
     */
    BLOCKING,
    /**
     * Like {@link #BLOCKING}, but a publisher only signals when the handler is actually waiting.
     */
    LITE_BLOCKING,
    /**
     * Spin briefly, then park until a publisher unparks the handler ({@link ParkingWaitStrategy}); idle costs
     * nothing, waking costs one unpark.
     */
    PARKING,
    /**
     * Spin, yield, then sleep briefly.
     */
    SLEEPING,
    /**
     * Spin then yield.
     */
    YIELDING,
    /**
     * Spin forever: lowest latency, one full core.
     */
    BUSY_SPIN;

    /**
     * @return a new Disruptor wait strategy of this kind.
     */
    public WaitStrategy newWaitStrategy()
    {
        switch (this)
        {
            case SLEEPING:
                return new SleepingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case LITE_BLOCKING:
                return new LiteBlockingWaitStrategy();
            case PARKING:
                return new ParkingWaitStrategy();
            case BLOCKING:
            default:
                return new BlockingWaitStrategy();
        }
    }
}
