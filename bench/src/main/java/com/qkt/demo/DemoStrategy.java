package com.qkt.demo;

import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.codecs.BooleanType;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.ExecutionDecoder;
import com.qkt.codecs.OrderAcceptedDecoder;
import com.qkt.codecs.OrderCancelledDecoder;
import com.qkt.broker.bybit.protocol.BybitRetCodes;
import com.qkt.codecs.OrderRejectedDecoder;
import com.qkt.codecs.RestAccessChangedDecoder;
import com.qkt.codecs.RecoveryCompletedDecoder;
import com.qkt.codecs.ServerTimeOffsetDecoder;
import com.qkt.codecs.Side;
import com.qkt.common.timer.TimerListener;
import com.qkt.events.BrokerEventHandler;
import com.qkt.events.Decimals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A sample strategy that keeps the connection busy: on a timer of the client's handler thread it places limit orders
 * a little away from the price on both sides (the price walk crosses some of them), sometimes a small market order,
 * and cancels a random working order now and then. Every event it receives goes to the {@link InvariantChecker};
 * connection events go to the {@link ConnectionMonitor}.
 * <p>
 * Runs entirely on the client's handler thread (timer callbacks and broker events), as the broker requires.
 */
public final class DemoStrategy implements BrokerEventHandler, TimerListener
{
    private static final int TIMESTAMP_OUT_OF_WINDOW = 10002;
    private volatile long rejectedForTimestamp;

    /** The symbol traded. */
    public static final String SYMBOL = "BTCUSDT";
    private static final int MAX_WORKING = 12;

    private final BybitClient client;
    private final InvariantChecker checker;
    private final ConnectionMonitor monitor;
    private final MarketMoves market;
    private final Random random;
    private final long tickNanos;
    private final List<Long> working = new ArrayList<>();
    private final Map<String, Long> idByLinkId = new HashMap<>();
    private BybitSpotBroker broker;
    private int maxWorking = MAX_WORKING;
    private volatile long orderLimit = Long.MAX_VALUE;
    private volatile boolean trading;
    private volatile long ordersSubmitted;
    private volatile long cancelsRequested;

    /**
     * @param client    the connection (for its timers and clock).
     * @param checker   receives every order event.
     * @param monitor   receives connection events.
     * @param market    the price feed.
     * @param random    seeded source of the strategy's choices.
     * @param tickMillis interval between decisions.
     */
    public DemoStrategy(
        final BybitClient client,
        final InvariantChecker checker,
        final ConnectionMonitor monitor,
        final MarketMoves market,
        final Random random,
        final long tickMillis)
    {
        this.client = client;
        this.checker = checker;
        this.monitor = monitor;
        this.market = market;
        this.random = random;
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
    }

    /**
     * @param broker the broker this strategy trades through (it needs the strategy as its listener first).
     */
    public void broker(final BybitSpotBroker broker)
    {
        this.broker = broker;
    }

    /**
     * @param maxWorking orders kept working at most (default 12); set before {@link #start()}.
     * @return this.
     */
    public DemoStrategy maxWorking(final int maxWorking)
    {
        this.maxWorking = maxWorking;
        return this;
    }

    /**
     * @param orderLimit orders to submit at most; after that the strategy only cancels (default unlimited).
     * @return this.
     */
    public DemoStrategy orderLimit(final long orderLimit)
    {
        this.orderLimit = orderLimit;
        return this;
    }

    /**
     * Start trading; call on the handler thread.
     */
    public void start()
    {
        trading = true;
        client.timers().schedule(client.nanoClock().nanoTime() + tickNanos, this);
    }

    /**
     * Stop placing and cancelling orders; safe from any thread. Events are still recorded.
     */
    public void stopTrading()
    {
        trading = false;
    }

    /**
     * Cancel every working order; call on the handler thread.
     *
     * @return cancel requests sent.
     */
    public int cancelAll()
    {
        int sent = 0;
        for (final Long id : new ArrayList<>(working))
        {
            if (broker.cancel(id))
            {
                sent++;
            }
        }
        return sent;
    }

    /**
     * @return orders submitted so far.
     */
    public long ordersSubmitted()
    {
        return ordersSubmitted;
    }

    /**
     * @return cancel requests sent so far.
     */
    public long cancelsRequested()
    {
        return cancelsRequested;
    }

    public void onTimer(final long timerId, final long nowNanos)
    {
        if (!trading)
        {
            return;
        }
        if (!working.isEmpty() && random.nextInt(100) < 35)
        {
            if (broker.cancel(working.get(random.nextInt(working.size()))))
            {
                cancelsRequested++;
            }
        }
        if (working.size() < maxWorking && ordersSubmitted < orderLimit)
        {
            submitOne();
        }
        client.timers().schedule(nowNanos + tickNanos, this);
    }

    private void submitOne()
    {
        final BigDecimal qty = BigDecimal.valueOf(1 + random.nextInt(20), 3);
        final long id;
        if (random.nextInt(100) < 12)
        {
            // the broker sends marketUnit=baseCoin, so a market buy's qty is in BTC like every other qty here
            id = broker.submitMarket(SYMBOL, random.nextBoolean() ? Side.BUY : Side.SELL, qty.toPlainString());
        }
        else
        {
            final boolean buy = random.nextBoolean();
            final double offset = 0.0001 + 0.0015 * random.nextDouble();
            final BigDecimal price = market.price()
                .multiply(BigDecimal.valueOf(buy ? 1.0 - offset : 1.0 + offset))
                .setScale(2, RoundingMode.HALF_EVEN);
            id = broker.submitLimit(SYMBOL, buy ? Side.BUY : Side.SELL, qty.toPlainString(), price.toPlainString());
        }
        final String linkId = broker.orderLinkId(id);
        checker.onSubmitted(linkId);
        idByLinkId.put(linkId, id);
        working.add(id);
        ordersSubmitted++;
    }

    public void onOrderAccepted(final OrderAcceptedDecoder decoder)
    {
        checker.onAccepted(linkId(decoder.clientOrderId()));
    }

    public void onExecution(final ExecutionDecoder decoder)
    {
        final String linkId = linkId(decoder.clientOrderId());
        final String execId = trim(decoder.execId());
        final BigDecimal cum = new BigDecimal(Decimals.toString(decoder.cumQty()));
        final BigDecimal leaves = new BigDecimal(Decimals.toString(decoder.leavesQty()));
        checker.onFill(linkId, execId, cum, leaves, decoder.synthetic() == BooleanType.TRUE);
        if (leaves.signum() == 0)
        {
            finished(linkId);
        }
    }

    public void onOrderCancelled(final OrderCancelledDecoder decoder)
    {
        final String linkId = linkId(decoder.clientOrderId());
        checker.onCancelled(linkId);
        finished(linkId);
    }

    public void onOrderRejected(final OrderRejectedDecoder decoder)
    {
        final int reasonCode = decoder.reasonCode();
        if (reasonCode == TIMESTAMP_OUT_OF_WINDOW)
        {
            rejectedForTimestamp++;
        }
        final String linkId = linkId(decoder.clientOrderId());
        checker.onRejected(linkId, BybitRetCodes.isRateLimit(reasonCode));
        finished(linkId);
    }

    public void onRestAccessChanged(final RestAccessChangedDecoder decoder)
    {
        monitor.onRestAccessChanged(decoder);
    }

    public void onConnectionStateChanged(final ConnectionStateChangedDecoder decoder)
    {
        monitor.onConnectionStateChanged(decoder);
    }

    public void onOrderAdopted(final com.qkt.codecs.OrderAdoptedDecoder decoder)
    {
        // a working order of an earlier process of this engine: this strategy may cancel it like its own
        final String linkId = linkId(decoder.clientOrderId());
        final long id = Long.parseLong(linkId.substring(linkId.lastIndexOf('-') + 1));
        idByLinkId.put(linkId, id);
        working.add(id);
    }

    public void onStartupReconciled(final com.qkt.codecs.StartupReconciledDecoder decoder)
    {
        monitor.onStartupReconciled(decoder);
    }

    public void onRecoveryCompleted(final RecoveryCompletedDecoder decoder)
    {
        monitor.onRecoveryCompleted(decoder);
    }

    /**
     * @return orders rejected with 10002 (the client resends a refused timestamp after each clock estimate, up to
     * twice, so this should stay 0).
     */
    public long rejectedForTimestamp()
    {
        return rejectedForTimestamp;
    }

    public void onServerTimeOffset(final ServerTimeOffsetDecoder decoder)
    {
        monitor.onServerTimeOffset(decoder);
    }

    private void finished(final String linkId)
    {
        final Long id = idByLinkId.remove(linkId);
        if (null != id)
        {
            working.remove(id);
        }
    }

    private static String linkId(final String fixed)
    {
        return trim(fixed);
    }

    private static String trim(final String fixed)
    {
        final int nul = fixed.indexOf('\0');
        return nul < 0 ? fixed : fixed.substring(0, nul);
    }
}
