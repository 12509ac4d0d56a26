package com.qkt.engine;

import com.qkt.common.error.CountingErrorHandler;
import com.qkt.common.error.EngineCounters;
import com.qkt.test.Await;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnginePipelineTest
{
    private static final int PRODUCERS = 4;
    private static final int EVENTS_PER_PRODUCER = 50_000;
    private static final int DATA = EventTypes.FIRST_USER_TYPE;
    private static final int BIG = EventTypes.FIRST_USER_TYPE + 1;
    private static final int POISON = EventTypes.FIRST_USER_TYPE + 2;
    private static final int BIG_PAYLOAD_LENGTH = 10_000;
    private static final long TIMEOUT_MS = 30_000;

    /**
     * Checks exactly-once, per-producer order and payload integrity on the handler thread.
     */
    private static final class CheckingHandler implements RingEventHandler
    {
        final long[] nextSeqByProducer = new long[PRODUCERS];
        final List<String> violations = new ArrayList<>();
        volatile long dataEvents;
        volatile long ticks;
        volatile boolean bigPayloadIntact;
        volatile boolean bigWasOversize;
        volatile boolean sawShutdown;
        volatile boolean closedOnHandlerThread;
        volatile boolean startedOnHandlerThread;
        volatile boolean timerFired;
        volatile long afterPoison;
        boolean poisoned;
        Engine engine;
        final CountDownLatch engineSet = new CountDownLatch(1);

        public void onStart()
        {
            awaitEngine();
            startedOnHandlerThread = engine.isHandlerThread();
            final long now = engine.context().nanoClock().nanoTime();
            engine.timers().schedule(now + 5_000_000L, (id, nowNanos) -> timerFired = true);
        }

        private void awaitEngine()
        {
            try
            {
                engineSet.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        public void onEvent(final RingEvent event, final long nowNanos)
        {
            switch (event.type())
            {
                case DATA:
                {
                    final int producer = (int)event.correlationId();
                    final long seq = event.value();
                    if (nextSeqByProducer[producer] != seq)
                    {
                        violations.add("producer " + producer + " expected " + nextSeqByProducer[producer] +
                            " got " + seq);
                    }
                    nextSeqByProducer[producer] = seq + 1;
                    final DirectBuffer buffer = event.buffer();
                    if (event.length() != 12 || buffer.getInt(0) != producer || buffer.getLong(4) != seq)
                    {
                        violations.add("bad payload for producer " + producer + " seq " + seq);
                    }
                    if (poisoned)
                    {
                        afterPoison++;
                    }
                    dataEvents++;
                    break;
                }

                case BIG:
                {
                    boolean intact = event.length() == BIG_PAYLOAD_LENGTH;
                    for (int i = 0; intact && i < BIG_PAYLOAD_LENGTH; i++)
                    {
                        intact = event.buffer().getByte(i) == (byte)(i * 31);
                    }
                    bigWasOversize = event.isOversize();
                    bigPayloadIntact = intact;
                    break;
                }

                case POISON:
                    poisoned = true;
                    throw new IllegalStateException("handler bug on purpose");

                case EventTypes.SHUTDOWN:
                    sawShutdown = true;
                    break;

                default:
                    violations.add("unexpected type " + event.type());
            }
        }

        public void onTick(final long nowNanos)
        {
            ticks++;
        }

        public void onClose()
        {
            closedOnHandlerThread = engine.isHandlerThread();
        }
    }

    @ParameterizedTest
    @EnumSource(value = WaitStrategyKind.class, names = { "BLOCKING", "PARKING", "LITE_BLOCKING" })
    void shouldDeliverEveryEventOnceInPerProducerOrderThroughTheRealRing(final WaitStrategyKind waitStrategy)
        throws Exception
    {
        final List<String> loggedErrors = new CopyOnWriteArrayList<>();
        final EngineCounters counters = new EngineCounters();
        final EngineContext ctx = new EngineContext()
            .ringSize(256)
            .slotPayloadBytes(64)
            .waitStrategy(waitStrategy)
            .counters(counters)
            .errorHandler(new CountingErrorHandler(counters.errors(), (summary, error) -> loggedErrors.add(summary)))
            .threadNamePrefix("pipeline-test");
        final CheckingHandler handler = new CheckingHandler();

        final Engine engine = Engine.launch(ctx, handler);
        handler.engine = engine;
        handler.engineSet.countDown();
        final RingPublisher publisher = engine.publisher();
        assertFalse(engine.isHandlerThread());

        final Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++)
        {
            final int producer = p;
            producers[p] = new Thread(() ->
            {
                final UnsafeBuffer directPayload = new UnsafeBuffer(new byte[12]);
                final byte[] arrayPayload = new byte[12];
                final UnsafeBuffer arrayView = new UnsafeBuffer(arrayPayload);
                final ByteBuffer byteBufferPayload = ByteBuffer.allocateDirect(12);
                final UnsafeBuffer byteBufferView = new UnsafeBuffer(byteBufferPayload);
                for (long seq = 0; seq < EVENTS_PER_PRODUCER; seq++)
                {
                    // Alternate the payload source kinds so each publish overload goes through the real ring.
                    switch ((int)(seq % 3))
                    {
                        case 0:
                            directPayload.putInt(0, producer);
                            directPayload.putLong(4, seq);
                            publisher.publish(DATA, producer, 1, seq, directPayload, 0, 12);
                            break;
                        case 1:
                            arrayView.putInt(0, producer);
                            arrayView.putLong(4, seq);
                            publisher.publish(DATA, producer, 1, seq, arrayPayload, 0, 12);
                            break;
                        default:
                            byteBufferView.putInt(0, producer);
                            byteBufferView.putLong(4, seq);
                            byteBufferPayload.clear();
                            publisher.publish(DATA, producer, 1, seq, byteBufferPayload);
                            break;
                    }

                    if (0 == producer && seq == EVENTS_PER_PRODUCER / 2)
                    {
                        publisher.publish(POISON, producer, 1, -1);
                        final byte[] big = new byte[BIG_PAYLOAD_LENGTH];
                        for (int i = 0; i < big.length; i++)
                        {
                            big[i] = (byte)(i * 31);
                        }
                        publisher.publish(BIG, producer, 1, 0, big, 0, big.length);
                    }
                }
            }, "producer-" + p);
        }
        for (final Thread producer : producers)
        {
            producer.start();
        }

        final long total = (long)PRODUCERS * EVENTS_PER_PRODUCER;
        Await.until(TIMEOUT_MS, () -> handler.dataEvents == total, () -> "events handled: " + handler.dataEvents);
        Await.until(TIMEOUT_MS, () -> handler.ticks >= 3 && handler.timerFired,
            () -> "ticks " + handler.ticks + " timer fired " + handler.timerFired);
        for (final Thread producer : producers)
        {
            producer.join(TIMEOUT_MS);
        }

        engine.close();
        engine.close();

        assertEquals(List.of(), handler.violations);
        for (int p = 0; p < PRODUCERS; p++)
        {
            assertEquals(EVENTS_PER_PRODUCER, handler.nextSeqByProducer[p]);
        }
        assertTrue(handler.bigPayloadIntact, "oversize payload delivered intact");
        assertTrue(handler.bigWasOversize);
        assertEquals(1, counters.oversizePayloads().get());
        assertEquals(1, counters.errors().get(), "handler exception counted once");
        assertEquals(1, loggedErrors.size());
        assertTrue(handler.afterPoison > 0, "events after the failing one still arrive");
        assertTrue(handler.startedOnHandlerThread);
        assertTrue(handler.sawShutdown);
        assertTrue(handler.closedOnHandlerThread);
        assertTrue(engine.isClosed());

        publisher.publish(DATA, 0, 1, 0);
        assertEquals(1, counters.publishesAfterClose().get());
        System.out.println("EnginePipelineTest: " + counters + ", ticks=" + handler.ticks);
    }

    @Test
    void shouldCloseFromTheHandlerThreadWithoutDeadlock()
    {
        final CountDownLatch ready = new CountDownLatch(1);
        final Engine[] engineRef = new Engine[1];
        final boolean[] closed = new boolean[1];
        final Engine engine = Engine.launch(
            new EngineContext().ringSize(64).slotPayloadBytes(16).threadNamePrefix("self-close"),
            new RingEventHandler()
            {
                public void onEvent(final RingEvent event, final long nowNanos)
                {
                    if (event.type() == DATA)
                    {
                        try
                        {
                            ready.await();
                        }
                        catch (final InterruptedException ex)
                        {
                            Thread.currentThread().interrupt();
                        }
                        engineRef[0].close();
                    }
                }

                public void onClose()
                {
                    closed[0] = true;
                }
            });
        engineRef[0] = engine;
        ready.countDown();
        engine.publisher().publish(DATA, 0, 0, 0);

        Await.until(TIMEOUT_MS, engine::isClosed, () -> "engine closed");
        Await.until(TIMEOUT_MS, () -> closed[0], () -> "onClose called");
        engine.close();
    }

    @Test
    void shouldRunWithPinningConfiguredWhetherOrNotTheOsAllowsIt()
    {
        final EngineCounters counters = new EngineCounters();
        final List<String> logged = new CopyOnWriteArrayList<>();
        final long[] handled = new long[1];
        final Engine engine = Engine.launch(
            new EngineContext()
                .ringSize(64)
                .slotPayloadBytes(16)
                .handlerCpu(1)
                .tickerCpu(0)
                .counters(counters)
                .errorHandler(new CountingErrorHandler(counters.errors(), (summary, error) -> logged.add(summary)))
                .threadNamePrefix("pinned"),
            (event, nowNanos) -> handled[0]++);
        try
        {
            for (int i = 0; i < 1_000; i++)
            {
                engine.publisher().publish(DATA, i, 0, i, "payload");
            }
        }
        finally
        {
            engine.close();
        }

        assertEquals(1_001, handled[0], "1000 events plus SHUTDOWN, pinned or not");
        System.out.println("EnginePipelineTest: pinning handler to cpu 1 and ticker to cpu 0 reported " +
            counters.errors().get() + " error(s) " + logged);
    }
}
