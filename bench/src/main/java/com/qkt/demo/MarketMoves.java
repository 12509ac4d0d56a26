package com.qkt.demo;

import com.qkt.sim.bybit.BybitSimulator;
import com.qkt.sim.bybit.SimOrder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The market around the strategy: moves the simulator's price on a seeded random walk (which fills every resting
 * limit order it crosses) and now and then fills part of a resting order explicitly. It also serves as the
 * strategy's price feed.
 */
public final class MarketMoves
{
    private static final BigDecimal MIN_QTY = new BigDecimal("0.0001");

    private final BybitSimulator sim;
    private final String apiKey;
    private final String symbol;
    private final String linkIdPrefix;
    private final Random random;
    private final BigDecimal start;
    private volatile BigDecimal price;
    private long partialFills;

    /**
     * @param sim          the simulator.
     * @param apiKey       the account traded.
     * @param symbol       the symbol traded.
     * @param linkIdPrefix the strategy's orderLinkId prefix (only its orders are filled explicitly).
     * @param random       seeded source of the walk.
     */
    public MarketMoves(
        final BybitSimulator sim, final String apiKey, final String symbol, final String linkIdPrefix,
        final Random random)
    {
        this.sim = sim;
        this.apiKey = apiKey;
        this.symbol = symbol;
        this.linkIdPrefix = linkIdPrefix;
        this.random = random;
        this.start = new BigDecimal(sim.engine().price(symbol));
        this.price = start;
    }

    /**
     * One step of the walk: a move of about 0.04% (one standard deviation), drawn back towards the start so the
     * price stays in a sane range over long runs.
     */
    public void step()
    {
        final double pull = 0.02 * (start.doubleValue() / price.doubleValue() - 1.0);
        final double move = random.nextGaussian() * 0.0004 + pull;
        final BigDecimal next = price.multiply(BigDecimal.valueOf(1.0 + move)).setScale(2, RoundingMode.HALF_EVEN);
        price = next;
        sim.engine().setPrice(symbol, next.toPlainString());
    }

    /**
     * With the given chance, fill a quarter to three quarters of a random resting order of the strategy.
     *
     * @param percent chance in percent.
     * @return a description of the fill, or null when none was made.
     */
    public String maybePartialFill(final int percent)
    {
        if (random.nextInt(100) >= percent)
        {
            return null;
        }
        final SimOrder order = randomOpenOrder();
        if (null == order)
        {
            return null;
        }
        final BigDecimal qty = partOf(order);
        try
        {
            sim.engine().fill(order.orderId(), qty.toPlainString());
            partialFills++;
            return "filled " + qty.toPlainString() + " of " + order.orderLinkId() + " (leaves " + order.leavesQty() + ")";
        }
        catch (final IllegalStateException | IllegalArgumentException ex)
        {
            return null; // the order finished between the snapshot and the fill
        }
    }

    /**
     * @return a random open limit order of the strategy on the exchange, or null.
     */
    public SimOrder randomOpenOrder()
    {
        final List<SimOrder> open = new ArrayList<>();
        for (final SimOrder o : sim.engine().orders(apiKey))
        {
            if (o.isOpen() && "Limit".equals(o.orderType()) && o.orderLinkId().startsWith(linkIdPrefix))
            {
                open.add(o);
            }
        }
        return open.isEmpty() ? null : open.get(random.nextInt(open.size()));
    }

    /**
     * @param order a resting order.
     * @return a quarter to three quarters of its leaves quantity, at least the smallest step.
     */
    public BigDecimal partOf(final SimOrder order)
    {
        final BigDecimal leaves = new BigDecimal(order.leavesQty());
        final BigDecimal part = leaves.multiply(BigDecimal.valueOf(0.25 + 0.5 * random.nextDouble()))
            .setScale(4, RoundingMode.DOWN);
        return part.compareTo(MIN_QTY) < 0 ? leaves.min(MIN_QTY) : part.stripTrailingZeros();
    }

    /**
     * @return the last price set, for the strategy's quotes.
     */
    public BigDecimal price()
    {
        return price;
    }

    /**
     * @return explicit partial fills made.
     */
    public long partialFills()
    {
        return partialFills;
    }
}
