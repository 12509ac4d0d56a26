package com.qkt.engine;

import com.qkt.common.config.ConfigurationException;
import com.qkt.common.error.CountingErrorHandler;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineContextTest
{
    @AfterEach
    void clearSystemProperties()
    {
        System.clearProperty(EngineContext.RING_SIZE_PROP_NAME);
        System.clearProperty(EngineContext.WAIT_STRATEGY_PROP_NAME);
        System.clearProperty(EngineContext.HANDLER_CPU_PROP_NAME);
    }

    @Test
    void shouldHaveDocumentedDefaults()
    {
        final EngineContext ctx = new EngineContext().conclude();

        assertEquals(1024, ctx.ringSize());
        assertEquals(16384, ctx.slotPayloadBytes());
        assertEquals(WaitStrategyKind.PARKING, ctx.waitStrategy());
        assertEquals(1_000_000L, ctx.tickIntervalNanos());
        assertEquals(-1, ctx.handlerCpu());
        assertEquals(-1, ctx.tickerCpu());
        assertEquals(1L << 20, ctx.timerTickResolutionNanos());
        assertEquals(1024, ctx.timerTicksPerWheel());
        assertEquals("qkt", ctx.threadNamePrefix());
        assertSame(SystemEpochClock.INSTANCE, ctx.epochClock());
        assertSame(SystemNanoClock.INSTANCE, ctx.nanoClock());
        assertInstanceOf(CountingErrorHandler.class, ctx.errorHandler());
        assertSame(ctx.counters().errors(), ((CountingErrorHandler)ctx.errorHandler()).errorCounter());
        assertTrue(ctx.isConcluded());
    }

    @Test
    void shouldTakeValuesFromSystemProperties()
    {
        System.setProperty(EngineContext.RING_SIZE_PROP_NAME, "4096");
        System.setProperty(EngineContext.WAIT_STRATEGY_PROP_NAME, "busy_spin");
        System.setProperty(EngineContext.HANDLER_CPU_PROP_NAME, "1");

        final EngineContext ctx = new EngineContext().conclude();

        assertEquals(4096, ctx.ringSize());
        assertEquals(WaitStrategyKind.BUSY_SPIN, ctx.waitStrategy());
        assertEquals(1, ctx.handlerCpu());
    }

    @Test
    void shouldOverrideFromPropertiesFileThenSetters() throws IOException
    {
        System.setProperty(EngineContext.RING_SIZE_PROP_NAME, "4096");
        final Properties file = new Properties();
        file.load(new StringReader(String.join("\n",
            "qkt.engine.ringSize=2048",
            "qkt.engine.slotPayloadBytes=65_536",
            "qkt.engine.waitStrategy=YIELDING",
            "qkt.engine.tickIntervalNanos=500000",
            "qkt.engine.tickerCpu=0",
            "qkt.engine.threadNamePrefix=bybit_main")));

        final EngineContext ctx = new EngineContext().applyProperties(file).tickIntervalNanos(250_000).conclude();

        assertEquals(2048, ctx.ringSize());
        assertEquals(65_536, ctx.slotPayloadBytes());
        assertEquals(WaitStrategyKind.YIELDING, ctx.waitStrategy());
        assertEquals(250_000, ctx.tickIntervalNanos());
        assertEquals(0, ctx.tickerCpu());
        assertEquals(-1, ctx.handlerCpu());
        assertEquals("bybit_main", ctx.threadNamePrefix());
    }

    @Test
    void shouldRejectRingSizeThatIsNotAPowerOfTwo()
    {
        final ConfigurationException ex =
            assertThrows(ConfigurationException.class, () -> new EngineContext().ringSize(1000).conclude());

        assertEquals(EngineContext.RING_SIZE_PROP_NAME, ex.key());
        assertTrue(ex.getMessage().contains("qkt.engine.ringSize"), ex.getMessage());
        assertThrows(ConfigurationException.class, () -> new EngineContext().ringSize(0).conclude());
        assertThrows(IllegalArgumentException.class, () -> new EngineContext().ringSize(-8).conclude());
    }

    @Test
    void shouldNameTheKeyOfAnUnparsableValue()
    {
        System.setProperty(EngineContext.RING_SIZE_PROP_NAME, "lots");
        final ConfigurationException ex = assertThrows(ConfigurationException.class, EngineContext::new);
        assertEquals(EngineContext.RING_SIZE_PROP_NAME, ex.key());

        final Properties props = new Properties();
        props.setProperty(EngineContext.WAIT_STRATEGY_PROP_NAME, "napping");
        System.clearProperty(EngineContext.RING_SIZE_PROP_NAME);
        final ConfigurationException waitEx =
            assertThrows(ConfigurationException.class, () -> new EngineContext().applyProperties(props));
        assertEquals(EngineContext.WAIT_STRATEGY_PROP_NAME, waitEx.key());

        final Properties spin = new Properties();
        spin.setProperty(EngineContext.TICKER_SPIN_PROP_NAME, "yes");
        final ConfigurationException spinEx =
            assertThrows(ConfigurationException.class, () -> new EngineContext().applyProperties(spin));
        assertEquals(EngineContext.TICKER_SPIN_PROP_NAME, spinEx.key());
        spin.setProperty(EngineContext.TICKER_SPIN_PROP_NAME, "TRUE");
        assertEquals(true, new EngineContext().applyProperties(spin).tickerSpin());
    }

    @Test
    void shouldRejectOtherBadValues()
    {
        assertEquals(EngineContext.TICK_INTERVAL_NANOS_PROP_NAME, assertThrows(ConfigurationException.class,
            () -> new EngineContext().tickIntervalNanos(0).conclude()).key());
        assertEquals(EngineContext.TIMER_TICK_RESOLUTION_NANOS_PROP_NAME, assertThrows(ConfigurationException.class,
            () -> new EngineContext().timerTickResolutionNanos(1_000_000).conclude()).key());
        assertEquals(EngineContext.TIMER_TICKS_PER_WHEEL_PROP_NAME, assertThrows(ConfigurationException.class,
            () -> new EngineContext().timerTicksPerWheel(100).conclude()).key());
        assertEquals(EngineContext.HANDLER_CPU_PROP_NAME, assertThrows(ConfigurationException.class,
            () -> new EngineContext().handlerCpu(-2).conclude()).key());
        assertEquals(EngineContext.SLOT_PAYLOAD_BYTES_PROP_NAME, assertThrows(ConfigurationException.class,
            () -> new EngineContext().slotPayloadBytes(-1).conclude()).key());
    }
}
