package com.qkt.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * A blocking wait strategy without a lock: the handler spins briefly, then parks; a publisher unparks it only when
 * it is parked. Waking takes one {@code unpark} instead of a monitor hand-over, which is what makes Disruptor's
 * lock-and-notify {@code BlockingWaitStrategy} slower than an {@code ArrayBlockingQueue} hand-off.
 * <p>
 * No lost wake-up: the handler publishes itself as the waiter and then re-reads the sequence, while a publisher
 * advances the sequence and then reads the waiter (both volatile), so at least one of them sees the other. Each park
 * is also bounded, as a safety net. For one consumer thread only.
 */
public final class ParkingWaitStrategy implements WaitStrategy
{
    private static final int SPINS = 100;
    private static final long MAX_PARK_NANOS = 1_000_000;

    private volatile Thread waiter;

    /**
     * {@inheritDoc}
     */
    public long waitFor(
        final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException
    {
        long available;
        int spins = SPINS;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (spins > 0)
            {
                spins--;
                Thread.onSpinWait();
                continue;
            }
            waiter = Thread.currentThread();
            if (dependentSequence.get() < sequence)
            {
                barrier.checkAlert();
                LockSupport.parkNanos(this, MAX_PARK_NANOS);
            }
            waiter = null;
        }
        return available;
    }

    /**
     * {@inheritDoc}
     */
    public void signalAllWhenBlocking()
    {
        final Thread parked = waiter;
        if (null != parked)
        {
            LockSupport.unpark(parked);
        }
    }
}
