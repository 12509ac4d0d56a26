package com.qkt.engine;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.qkt.common.affinity.ThreadAffinity;
import com.qkt.common.error.CountingErrorHandler;
import com.qkt.common.timer.TimerService;
import org.agrona.ErrorHandler;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A running single-writer pipeline: a multi-producer Disruptor ring of pre-allocated {@link RingEvent} slots, one
 * handler thread running a {@link RingEventDispatcher} over the business {@link RingEventHandler}, and a ticker
 * thread publishing {@link EventTypes#TICK} every tick interval.
 * <p>
 * The handler thread owns the {@link TimerService}; everything else talks to it through {@link #publisher()}.
 * Both threads are daemons, optionally pinned to CPUs.
 */
public final class Engine implements AutoCloseable
{
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final EngineContext ctx;
    private final ErrorHandler errorHandler;
    private final TimerService timers;
    private final Disruptor<RingEvent> disruptor;
    private final RingPublisher publisher;
    private final Ticker ticker;
    private final Thread tickerThread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread handlerThread;

    private Engine(final EngineContext ctx, final RingEventHandler handler)
    {
        this.ctx = ctx;
        errorHandler = CountingErrorHandler.countedBy(ctx.errorHandler(), ctx.counters().errors());
        timers = new TimerService(ctx.nanoClock().nanoTime(), ctx.timerTickResolutionNanos(), ctx.timerTicksPerWheel());

        final RingEventDispatcher dispatcher = new RingEventDispatcher(
            ctx.nanoClock(), timers, handler, ctx.errorHandler(), ctx.counters());

        final ThreadFactory pinningFactory = ThreadAffinity.factory(
            ctx.threadNamePrefix() + "-handler", ctx.handlerCpu(), errorHandler);
        final ThreadFactory handlerFactory = (task) ->
        {
            final Thread thread = pinningFactory.newThread(task);
            handlerThread = thread;
            return thread;
        };

        final int slotPayloadBytes = ctx.slotPayloadBytes();
        disruptor = new Disruptor<>(
            () -> new RingEvent(slotPayloadBytes),
            ctx.ringSize(),
            handlerFactory,
            ProducerType.MULTI,
            ctx.waitStrategy().newWaitStrategy());
        dispatcher.ringCursor(disruptor.getRingBuffer());
        disruptor.handleEventsWith(dispatcher);
        disruptor.setDefaultExceptionHandler(new RingExceptionHandler(errorHandler));

        publisher = new RingPublisher(disruptor.getRingBuffer(), ctx.nanoClock(), ctx.counters());
        ticker = new Ticker(publisher, ctx.tickIntervalNanos(), ctx.tickerSpin());
        tickerThread = ThreadAffinity.factory(ctx.threadNamePrefix() + "-ticker", ctx.tickerCpu(), errorHandler)
            .newThread(ticker);
    }

    /**
     * Build and start an engine.
     *
     * @param ctx     configuration, concluded here.
     * @param handler the business logic, run on the handler thread.
     * @return the running engine.
     */
    public static Engine launch(final EngineContext ctx, final RingEventHandler handler)
    {
        ctx.conclude();
        final Engine engine = new Engine(ctx, handler);
        engine.disruptor.start();
        engine.tickerThread.start();
        return engine;
    }

    /**
     * @return the thread-safe producer side of the ring.
     */
    public RingPublisher publisher()
    {
        return publisher;
    }

    /**
     * @return the handler thread's timers: use only from the handler thread.
     */
    public TimerService timers()
    {
        return timers;
    }

    /**
     * @return the concluded configuration.
     */
    public EngineContext context()
    {
        return ctx;
    }

    /**
     * @return true when called on the handler thread.
     */
    public boolean isHandlerThread()
    {
        return Thread.currentThread() == handlerThread;
    }

    /**
     * Stop the ticker, publish {@link EventTypes#SHUTDOWN}, let the handler drain what was published before it, halt
     * the ring, then {@link RingEventHandler#onClose()} runs on the handler thread; waits for that thread to end.
     * Later publishes are dropped and counted. Idempotent. Called from the handler thread itself it cannot wait for
     * itself: it halts the ring and returns, and onClose runs when the current event returns.
     */
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }

        ticker.stop();
        if (Thread.currentThread() != tickerThread)
        {
            LockSupport.unpark(tickerThread);
            join(tickerThread);
        }

        if (isHandlerThread())
        {
            publisher.tryPublish(EventTypes.SHUTDOWN, 0, 0, 0);
            publisher.close();
            disruptor.halt();
            ctx.close();
            return;
        }

        // A stuck handler must not make close() hang on a full ring: give up on the marker after the timeout.
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_TIMEOUT_MS);
        while (!publisher.tryPublish(EventTypes.SHUTDOWN, 0, 0, 0) && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(100_000);
        }
        publisher.close();
        try
        {
            disruptor.shutdown(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            errorHandler.onError(new IllegalStateException(
                "handler did not drain the ring within " + SHUTDOWN_TIMEOUT_MS + " ms, halting", ex));
            disruptor.halt();
        }

        final Thread thread = handlerThread;
        if (null != thread)
        {
            join(thread);
        }
        ctx.close();
    }

    /**
     * @return true once {@link #close()} was called.
     */
    public boolean isClosed()
    {
        return closed.get();
    }

    private void join(final Thread thread)
    {
        try
        {
            thread.join(SHUTDOWN_TIMEOUT_MS);
            if (thread.isAlive())
            {
                errorHandler.onError(new IllegalStateException(
                    "thread " + thread.getName() + " did not stop within " + SHUTDOWN_TIMEOUT_MS + " ms"));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "Engine{" + ctx + ", closed=" + closed.get() + '}';
    }

    private static final class Ticker implements Runnable
    {
        private final RingPublisher publisher;
        private final long intervalNanos;
        private final boolean spin;
        private volatile boolean running = true;

        Ticker(final RingPublisher publisher, final long intervalNanos, final boolean spin)
        {
            this.publisher = publisher;
            this.intervalNanos = intervalNanos;
            this.spin = spin;
        }

        void stop()
        {
            running = false;
        }

        public void run()
        {
            long nextTick = System.nanoTime() + intervalNanos;
            while (running)
            {
                final long now = System.nanoTime();
                final long wait = nextTick - now;
                if (wait > 0)
                {
                    if (spin)
                    {
                        Thread.onSpinWait();
                    }
                    else
                    {
                        LockSupport.parkNanos(wait);
                    }
                    continue;
                }

                // Ticks are level-triggered housekeeping: when the ring is full skip one rather than block.
                publisher.tryPublish(EventTypes.TICK, 0, 0, 0);
                nextTick += intervalNanos;
                if (nextTick - now < 0)
                {
                    // Fell behind (GC, suspended VM): do not burst to catch up.
                    nextTick = now + intervalNanos;
                }
            }
        }
    }

    private static final class RingExceptionHandler implements ExceptionHandler<RingEvent>
    {
        private final ErrorHandler errorHandler;

        RingExceptionHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
        }

        public void handleEventException(final Throwable ex, final long sequence, final RingEvent event)
        {
            errorHandler.onError(ex);
        }

        public void handleOnStartException(final Throwable ex)
        {
            errorHandler.onError(ex);
        }

        public void handleOnShutdownException(final Throwable ex)
        {
            errorHandler.onError(ex);
        }
    }
}
