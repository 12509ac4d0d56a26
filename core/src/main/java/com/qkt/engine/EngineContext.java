package com.qkt.engine;

import com.qkt.common.config.ConfigKeys;
import com.qkt.common.config.ConfigurationException;
import com.qkt.common.config.PropertyValues;
import com.qkt.common.error.CountingErrorHandler;
import com.qkt.common.error.EngineCounters;
import com.qkt.monitor.MonitorFile;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.errors.DistinctErrorLog;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Configuration of an {@link Engine}. Each setting has a property key, a default and an accessor side by side.
 * <p>
 * Values start from the system properties (or the defaults), {@link #applyProperties(Properties)} overrides them from
 * a config file, fluent setters override anything. {@link #conclude()} validates once and fills the remaining
 * defaults (clocks, counters, error handler); a bad value raises a {@link ConfigurationException} naming its key.
 */
public final class EngineContext
{
    /**
     * Slots in the ring, a power of two.
     */
    public static final String RING_SIZE_PROP_NAME = "qkt.engine.ringSize";
    /**
     * Default {@link #RING_SIZE_PROP_NAME}.
     */
    public static final int RING_SIZE_DEFAULT = 1024;

    /**
     * Bytes pre-allocated per slot for the payload.
     */
    public static final String SLOT_PAYLOAD_BYTES_PROP_NAME = "qkt.engine.slotPayloadBytes";
    /**
     * Default {@link #SLOT_PAYLOAD_BYTES_PROP_NAME}.
     */
    public static final int SLOT_PAYLOAD_BYTES_DEFAULT = 16384;

    /**
     * {@link WaitStrategyKind} of the handler thread.
     */
    public static final String WAIT_STRATEGY_PROP_NAME = "qkt.engine.waitStrategy";
    /**
     * Default {@link #WAIT_STRATEGY_PROP_NAME}.
     */
    public static final WaitStrategyKind WAIT_STRATEGY_DEFAULT = WaitStrategyKind.PARKING;

    /**
     * Interval between TICK events.
     */
    public static final String TICK_INTERVAL_NANOS_PROP_NAME = "qkt.engine.tickIntervalNanos";
    /**
     * Default {@link #TICK_INTERVAL_NANOS_PROP_NAME}: 1 ms.
     */
    public static final long TICK_INTERVAL_NANOS_DEFAULT = 1_000_000L;

    /**
     * CPU to pin the handler thread to, -1 for none.
     */
    public static final String HANDLER_CPU_PROP_NAME = "qkt.engine.handlerCpu";
    /**
     * CPU to pin the ticker thread to, -1 for none.
     */
    public static final String TICKER_CPU_PROP_NAME = "qkt.engine.tickerCpu";
    /**
     * Whether the ticker spins between ticks instead of parking. Independent of the ring's wait strategy: a spinning
     * ticker only pays off on its own isolated core.
     */
    public static final String TICKER_SPIN_PROP_NAME = "qkt.engine.tickerSpin";
    /**
     * Default: the ticker parks between ticks.
     */
    public static final boolean TICKER_SPIN_DEFAULT = false;
    /**
     * Default CPU: none.
     */
    public static final int CPU_DEFAULT = -1;

    /**
     * Timer wheel tick resolution in nanoseconds, a power of two.
     */
    public static final String TIMER_TICK_RESOLUTION_NANOS_PROP_NAME = "qkt.engine.timerTickResolutionNanos";
    /**
     * Default {@link #TIMER_TICK_RESOLUTION_NANOS_PROP_NAME}: 2^20 ns (about 1 ms).
     */
    public static final long TIMER_TICK_RESOLUTION_NANOS_DEFAULT = 1L << 20;

    /**
     * Spokes in the timer wheel, a power of two.
     */
    public static final String TIMER_TICKS_PER_WHEEL_PROP_NAME = "qkt.engine.timerTicksPerWheel";
    /**
     * Default {@link #TIMER_TICKS_PER_WHEEL_PROP_NAME}.
     */
    public static final int TIMER_TICKS_PER_WHEEL_DEFAULT = 1024;

    /**
     * Name prefix of the engine's threads.
     */
    public static final String THREAD_NAME_PREFIX_PROP_NAME = "qkt.engine.threadNamePrefix";
    /**
     * Default {@link #THREAD_NAME_PREFIX_PROP_NAME}.
     */
    public static final String THREAD_NAME_PREFIX_DEFAULT = "qkt";

    /**
     * Directory of the engine's {@link MonitorFile} (counters and distinct errors, read by {@code scripts/stat} and
     * {@code scripts/errors}).
     */
    public static final String DIR_PROP_NAME = "qkt.engine.dir";
    /**
     * Prefix of the default {@link #DIR_PROP_NAME}: {@code <java.io.tmpdir>/qkt-<pid>-<n>}, unique per engine.
     */
    public static final String DIR_DEFAULT_PREFIX = "qkt-";

    /**
     * Whether {@link Engine#close()} deletes the monitor file (false keeps it for a post-mortem).
     */
    public static final String DIR_DELETE_ON_CLOSE_PROP_NAME = "qkt.engine.dirDeleteOnClose";
    /**
     * Default {@link #DIR_DELETE_ON_CLOSE_PROP_NAME}.
     */
    public static final boolean DIR_DELETE_ON_CLOSE_DEFAULT = true;

    /**
     * Bytes of the distinct error log in the monitor file, a multiple of 8, at least 1024.
     */
    public static final String ERROR_LOG_BYTES_PROP_NAME = "qkt.engine.errorLogBytes";
    /**
     * Default {@link #ERROR_LOG_BYTES_PROP_NAME}: 64 KiB.
     */
    public static final int ERROR_LOG_BYTES_DEFAULT = 64 * 1024;

    private static final AtomicInteger ENGINE_IDS = new AtomicInteger();

    private int ringSize;
    private int slotPayloadBytes;
    private WaitStrategyKind waitStrategy;
    private long tickIntervalNanos;
    private int handlerCpu;
    private int tickerCpu;
    private boolean tickerSpin;
    private long timerTickResolutionNanos;
    private int timerTicksPerWheel;
    private String threadNamePrefix;
    private String dir;
    private boolean dirDeleteOnClose;
    private int errorLogBytes;
    private MonitorFile monitorFile;
    private EpochClock epochClock;
    private NanoClock nanoClock;
    private ErrorHandler errorHandler;
    private EngineCounters counters;
    private final List<Properties> appliedProperties = new ArrayList<>();
    private boolean concluded;

    /**
     * A context with values from the system properties, or the defaults.
     */
    public EngineContext()
    {
        load(null);
    }

    /**
     * Override settings from a properties source (same keys as the system properties). Absent keys are left alone.
     *
     * @param props e.g. loaded from a config file.
     * @return this.
     */
    public EngineContext applyProperties(final Properties props)
    {
        load(props);
        appliedProperties.add(props);
        return this;
    }

    private void load(final Properties props)
    {
        ringSize = PropertyValues.getInt(props, RING_SIZE_PROP_NAME, props == null ? RING_SIZE_DEFAULT : ringSize);
        slotPayloadBytes = PropertyValues.getInt(
            props, SLOT_PAYLOAD_BYTES_PROP_NAME, props == null ? SLOT_PAYLOAD_BYTES_DEFAULT : slotPayloadBytes);
        waitStrategy = PropertyValues.getEnum(
            props, WAIT_STRATEGY_PROP_NAME, WaitStrategyKind.class, props == null ? WAIT_STRATEGY_DEFAULT : waitStrategy);
        tickIntervalNanos = PropertyValues.getLong(
            props, TICK_INTERVAL_NANOS_PROP_NAME, props == null ? TICK_INTERVAL_NANOS_DEFAULT : tickIntervalNanos);
        handlerCpu = PropertyValues.getInt(props, HANDLER_CPU_PROP_NAME, props == null ? CPU_DEFAULT : handlerCpu);
        tickerCpu = PropertyValues.getInt(props, TICKER_CPU_PROP_NAME, props == null ? CPU_DEFAULT : tickerCpu);
        tickerSpin = PropertyValues.getBoolean(
            props, TICKER_SPIN_PROP_NAME, props == null ? TICKER_SPIN_DEFAULT : tickerSpin);
        timerTickResolutionNanos = PropertyValues.getLong(
            props,
            TIMER_TICK_RESOLUTION_NANOS_PROP_NAME,
            props == null ? TIMER_TICK_RESOLUTION_NANOS_DEFAULT : timerTickResolutionNanos);
        timerTicksPerWheel = PropertyValues.getInt(
            props, TIMER_TICKS_PER_WHEEL_PROP_NAME, props == null ? TIMER_TICKS_PER_WHEEL_DEFAULT : timerTicksPerWheel);
        threadNamePrefix = PropertyValues.getString(
            props, THREAD_NAME_PREFIX_PROP_NAME, props == null ? THREAD_NAME_PREFIX_DEFAULT : threadNamePrefix);
        dir = PropertyValues.getString(props, DIR_PROP_NAME, props == null ? null : dir);
        dirDeleteOnClose = PropertyValues.getBoolean(
            props, DIR_DELETE_ON_CLOSE_PROP_NAME, props == null ? DIR_DELETE_ON_CLOSE_DEFAULT : dirDeleteOnClose);
        errorLogBytes = PropertyValues.getInt(
            props, ERROR_LOG_BYTES_PROP_NAME, props == null ? ERROR_LOG_BYTES_DEFAULT : errorLogBytes);
    }

    /**
     * Validate and fill defaults. Called by {@link Engine#launch(EngineContext, RingEventHandler)}; idempotent.
     *
     * @return this.
     * @throws ConfigurationException naming the key of a bad value, or an unknown {@code qkt.*} key (in a system
     *                                property or an applied config) with the nearest known one.
     */
    public EngineContext conclude()
    {
        ConfigKeys.requireKnown(null);
        for (final Properties props : appliedProperties)
        {
            ConfigKeys.requireKnown(props);
        }
        if (ringSize <= 0 || Integer.bitCount(ringSize) != 1)
        {
            throw new ConfigurationException(RING_SIZE_PROP_NAME, "must be a positive power of two: " + ringSize);
        }
        if (slotPayloadBytes < 0)
        {
            throw new ConfigurationException(SLOT_PAYLOAD_BYTES_PROP_NAME, "must not be negative: " + slotPayloadBytes);
        }
        if (null == waitStrategy)
        {
            throw new ConfigurationException(WAIT_STRATEGY_PROP_NAME, "must be set");
        }
        if (tickIntervalNanos <= 0)
        {
            throw new ConfigurationException(TICK_INTERVAL_NANOS_PROP_NAME, "must be positive: " + tickIntervalNanos);
        }
        if (handlerCpu < -1)
        {
            throw new ConfigurationException(HANDLER_CPU_PROP_NAME, "must be -1 (none) or a cpu id: " + handlerCpu);
        }
        if (tickerCpu < -1)
        {
            throw new ConfigurationException(TICKER_CPU_PROP_NAME, "must be -1 (none) or a cpu id: " + tickerCpu);
        }
        if (timerTickResolutionNanos <= 0 || Long.bitCount(timerTickResolutionNanos) != 1)
        {
            throw new ConfigurationException(
                TIMER_TICK_RESOLUTION_NANOS_PROP_NAME, "must be a positive power of two: " + timerTickResolutionNanos);
        }
        if (timerTicksPerWheel <= 0 || Integer.bitCount(timerTicksPerWheel) != 1)
        {
            throw new ConfigurationException(
                TIMER_TICKS_PER_WHEEL_PROP_NAME, "must be a positive power of two: " + timerTicksPerWheel);
        }
        if (null == threadNamePrefix || threadNamePrefix.isEmpty())
        {
            throw new ConfigurationException(THREAD_NAME_PREFIX_PROP_NAME, "must not be empty");
        }

        if (null == epochClock)
        {
            epochClock = SystemEpochClock.INSTANCE;
        }
        if (null == nanoClock)
        {
            nanoClock = SystemNanoClock.INSTANCE;
        }
        if (errorLogBytes < 1024 || (errorLogBytes & 7) != 0)
        {
            throw new ConfigurationException(
                ERROR_LOG_BYTES_PROP_NAME, "must be at least 1024 and a multiple of 8: " + errorLogBytes);
        }
        DistinctErrorLog errorLog = null;
        if (null == counters)
        {
            if (null == dir)
            {
                dir = Paths.get(System.getProperty("java.io.tmpdir"),
                    DIR_DEFAULT_PREFIX + ProcessHandle.current().pid() + "-" + ENGINE_IDS.incrementAndGet()).toString();
            }
            try
            {
                monitorFile = MonitorFile.create(
                    Paths.get(dir), EngineCounters.DEFAULT_MAX_COUNTERS, errorLogBytes, epochClock.time());
            }
            catch (final RuntimeException ex)
            {
                throw new ConfigurationException(DIR_PROP_NAME, ex.getMessage(), ex);
            }
            if (dirDeleteOnClose)
            {
                // an engine never closed (a test, a crash-free exit without close) still leaves no file behind
                monitorFile.directory().toFile().deleteOnExit();
                monitorFile.file().toFile().deleteOnExit();
            }
            counters = new EngineCounters(monitorFile.metaDataBuffer(), monitorFile.valuesBuffer());
            errorLog = new DistinctErrorLog(monitorFile.errorLogBuffer(), epochClock);
        }
        if (!(errorHandler instanceof CountingErrorHandler))
        {
            // the application's handler (if any) still sees every error, after it is counted and recorded
            errorHandler = new CountingErrorHandler(counters, errorLog, errorHandler);
        }
        concluded = true;

        return this;
    }

    /**
     * @return true once {@link #conclude()} succeeded.
     */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * @return slots in the ring ({@value #RING_SIZE_PROP_NAME}).
     */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * @param ringSize slots in the ring, a power of two.
     * @return this.
     */
    public EngineContext ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    /**
     * @return payload bytes pre-allocated per slot ({@value #SLOT_PAYLOAD_BYTES_PROP_NAME}).
     */
    public int slotPayloadBytes()
    {
        return slotPayloadBytes;
    }

    /**
     * @param slotPayloadBytes payload bytes pre-allocated per slot.
     * @return this.
     */
    public EngineContext slotPayloadBytes(final int slotPayloadBytes)
    {
        this.slotPayloadBytes = slotPayloadBytes;
        return this;
    }

    /**
     * @return how the handler waits ({@value #WAIT_STRATEGY_PROP_NAME}).
     */
    public WaitStrategyKind waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * @param waitStrategy how the handler waits.
     * @return this.
     */
    public EngineContext waitStrategy(final WaitStrategyKind waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /**
     * @return interval between ticks ({@value #TICK_INTERVAL_NANOS_PROP_NAME}).
     */
    public long tickIntervalNanos()
    {
        return tickIntervalNanos;
    }

    /**
     * @param tickIntervalNanos interval between ticks.
     * @return this.
     */
    public EngineContext tickIntervalNanos(final long tickIntervalNanos)
    {
        this.tickIntervalNanos = tickIntervalNanos;
        return this;
    }

    /**
     * @return CPU of the handler thread or -1 ({@value #HANDLER_CPU_PROP_NAME}).
     */
    public int handlerCpu()
    {
        return handlerCpu;
    }

    /**
     * @param handlerCpu CPU of the handler thread or -1.
     * @return this.
     */
    public EngineContext handlerCpu(final int handlerCpu)
    {
        this.handlerCpu = handlerCpu;
        return this;
    }

    /**
     * @return true when the ticker spins between ticks ({@value #TICKER_SPIN_PROP_NAME}).
     */
    public boolean tickerSpin()
    {
        return tickerSpin;
    }

    /**
     * @param tickerSpin true to spin the ticker between ticks (only on an isolated core), false to park it.
     * @return this.
     */
    public EngineContext tickerSpin(final boolean tickerSpin)
    {
        this.tickerSpin = tickerSpin;
        return this;
    }

    /**
     * @return CPU of the ticker thread or -1 ({@value #TICKER_CPU_PROP_NAME}).
     */
    public int tickerCpu()
    {
        return tickerCpu;
    }

    /**
     * @param tickerCpu CPU of the ticker thread or -1.
     * @return this.
     */
    public EngineContext tickerCpu(final int tickerCpu)
    {
        this.tickerCpu = tickerCpu;
        return this;
    }

    /**
     * @return timer wheel tick resolution ({@value #TIMER_TICK_RESOLUTION_NANOS_PROP_NAME}).
     */
    public long timerTickResolutionNanos()
    {
        return timerTickResolutionNanos;
    }

    /**
     * @param timerTickResolutionNanos timer wheel tick resolution, a power of two.
     * @return this.
     */
    public EngineContext timerTickResolutionNanos(final long timerTickResolutionNanos)
    {
        this.timerTickResolutionNanos = timerTickResolutionNanos;
        return this;
    }

    /**
     * @return spokes in the timer wheel ({@value #TIMER_TICKS_PER_WHEEL_PROP_NAME}).
     */
    public int timerTicksPerWheel()
    {
        return timerTicksPerWheel;
    }

    /**
     * @param timerTicksPerWheel spokes in the timer wheel, a power of two.
     * @return this.
     */
    public EngineContext timerTicksPerWheel(final int timerTicksPerWheel)
    {
        this.timerTicksPerWheel = timerTicksPerWheel;
        return this;
    }

    /**
     * @return thread name prefix ({@value #THREAD_NAME_PREFIX_PROP_NAME}).
     */
    public String threadNamePrefix()
    {
        return threadNamePrefix;
    }

    /**
     * @param threadNamePrefix thread name prefix.
     * @return this.
     */
    public EngineContext threadNamePrefix(final String threadNamePrefix)
    {
        this.threadNamePrefix = threadNamePrefix;
        return this;
    }

    /**
     * @return wall clock (default {@link SystemEpochClock}).
     */
    public EpochClock epochClock()
    {
        return epochClock;
    }

    /**
     * @param epochClock wall clock.
     * @return this.
     */
    public EngineContext epochClock(final EpochClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }

    /**
     * @return monotonic clock read by the handler and the publishers (default {@link SystemNanoClock}).
     */
    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /**
     * @param nanoClock monotonic clock.
     * @return this.
     */
    public EngineContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    /**
     * @return where errors go: after {@link #conclude()} a {@link CountingErrorHandler} that counts, records in the
     *         monitor file's distinct error log and then calls the handler that was set, if any.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler where errors go; the engine also counts them in {@link EngineCounters#errors()}.
     * @return this.
     */
    public EngineContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * @return the engine's counters (created by {@link #conclude()} if not set).
     */
    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * @param counters the engine's counters.
     * @return this.
     */
    public EngineContext counters(final EngineCounters counters)
    {
        this.counters = counters;
        return this;
    }

    /**
     * @return directory of the monitor file ({@value #DIR_PROP_NAME}); after {@link #conclude()} the one in use,
     *         null when {@link #counters(EngineCounters)} was given (no file then).
     */
    public String dir()
    {
        return dir;
    }

    /**
     * @param dir directory of the monitor file; it must not hold the file of a live engine.
     * @return this.
     */
    public EngineContext dir(final String dir)
    {
        this.dir = dir;
        return this;
    }

    /**
     * @return whether closing the engine deletes the monitor file ({@value #DIR_DELETE_ON_CLOSE_PROP_NAME}).
     */
    public boolean dirDeleteOnClose()
    {
        return dirDeleteOnClose;
    }

    /**
     * @param dirDeleteOnClose false keeps the monitor file after close, for {@code scripts/stat}/{@code errors}.
     * @return this.
     */
    public EngineContext dirDeleteOnClose(final boolean dirDeleteOnClose)
    {
        this.dirDeleteOnClose = dirDeleteOnClose;
        return this;
    }

    /**
     * @return bytes of the distinct error log ({@value #ERROR_LOG_BYTES_PROP_NAME}).
     */
    public int errorLogBytes()
    {
        return errorLogBytes;
    }

    /**
     * @param errorLogBytes bytes of the distinct error log, a multiple of 8, at least 1024.
     * @return this.
     */
    public EngineContext errorLogBytes(final int errorLogBytes)
    {
        this.errorLogBytes = errorLogBytes;
        return this;
    }

    /**
     * @return the monitor file mapped by {@link #conclude()}, or null when counters were given.
     */
    public MonitorFile monitorFile()
    {
        return monitorFile;
    }

    /**
     * Release what {@link #conclude()} created: delete the monitor file unless {@link #dirDeleteOnClose()} is false.
     * Called by {@link Engine#close()}; idempotent.
     */
    public void close()
    {
        if (null != monitorFile)
        {
            monitorFile.close(dirDeleteOnClose);
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "EngineContext{ringSize=" + ringSize + ", slotPayloadBytes=" + slotPayloadBytes +
            ", waitStrategy=" + waitStrategy + ", tickIntervalNanos=" + tickIntervalNanos +
            ", handlerCpu=" + handlerCpu + ", tickerCpu=" + tickerCpu + ", tickerSpin=" + tickerSpin +
            ", timerTickResolutionNanos=" + timerTickResolutionNanos + ", timerTicksPerWheel=" + timerTicksPerWheel +
            ", threadNamePrefix='" + threadNamePrefix + "', dir='" + dir + "', dirDeleteOnClose=" + dirDeleteOnClose +
            ", errorLogBytes=" + errorLogBytes + '}';
    }
}
