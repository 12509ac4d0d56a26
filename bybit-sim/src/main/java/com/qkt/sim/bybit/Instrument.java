package com.qkt.sim.bybit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Trading rules of one symbol in one category, as {@code /v5/market/instruments-info} lists them and as the
 * {@link MatchingEngine} enforces them on create and amend.
 *
 * <p>Spot (Bybit V5 spot rules, spot retCodes): price a multiple of {@code tickSize} (else 170134 "Order price
 * decimal too long."); quantity a multiple of {@code basePrecision} (170137 "Order volume decimal too long"), at
 * least {@code minOrderQty} (170136) and at most {@code maxLimitOrderQty} / {@code maxMarketOrderQty} (170381);
 * value at least {@code minOrderAmt} (170140 "Order value exceeded lower limit"); a market buy in quote units a
 * multiple of {@code quotePrecision} (170148) and at most {@code maxOrderAmt} (170124).
 *
 * <p>Linear (contract rules): price a multiple of {@code tickSize} and quantity a multiple of {@code qtyStep}
 * (10001), quantity within {@code [minOrderQty, maxOrderQty]} (10001 "The number of contracts exceeds minimum /
 * maximum limit allowed"), notional at least {@code minNotionalValue} (110094).
 *
 * @param category      spot or linear.
 * @param symbol        e.g. BTCUSDT.
 * @param baseCoin      e.g. BTC.
 * @param quoteCoin     e.g. USDT (also the settle coin of a linear contract).
 * @param tickSize      price step.
 * @param qtyStep       quantity step (spot: basePrecision).
 * @param quoteStep     spot: quotePrecision (step of a market buy's quote amount); linear: unused.
 * @param minOrderQty   smallest quantity.
 * @param maxLimitQty   largest limit-order quantity (linear: maxOrderQty).
 * @param maxMarketQty  largest market-order quantity (linear: maxMktOrderQty).
 * @param minNotional   smallest order value in the quote coin (spot minOrderAmt, linear minNotionalValue).
 * @param maxNotional   largest order value in the quote coin (spot maxOrderAmt; linear unused).
 */
record Instrument(
    String category,
    String symbol,
    String baseCoin,
    String quoteCoin,
    BigDecimal tickSize,
    BigDecimal qtyStep,
    BigDecimal quoteStep,
    BigDecimal minOrderQty,
    BigDecimal maxLimitQty,
    BigDecimal maxMarketQty,
    BigDecimal minNotional,
    BigDecimal maxNotional)
{
    /** Largest tick a default spot instrument gets (Bybit's ETHUSDT / BTCUSDT spot scale). */
    private static final BigDecimal MAX_SPOT_TICK = new BigDecimal("0.01");
    private static final BigDecimal MAX_LINEAR_TICK = new BigDecimal("0.1");
    private static final int MIN_SCALE = 8;

    /**
     * Rules for a symbol first seen at {@code price}, scaled the way Bybit scales its listings: BTCUSDT at 50000
     * gets spot tick 0.01 / basePrecision 0.000001 and linear tick 0.1 / qtyStep 0.001; ETHUSDT at 3000 gets spot
     * tick 0.01 / basePrecision 0.00001 and linear tick 0.01 / qtyStep 0.01.
     */
    static Instrument defaults(final String category, final String symbol, final BigDecimal price)
    {
        final String[] pair = MatchingEngine.split(symbol);
        final int magnitude = price.signum() > 0 ? price.precision() - price.scale() - 1 : 0; // floor(log10(price))
        final BigDecimal minNotional = switch (pair[1])
        {
            case "BTC" -> new BigDecimal("0.0001");
            case "ETH" -> new BigDecimal("0.001");
            default -> new BigDecimal("5");
        };
        if ("linear".equals(category))
        {
            final BigDecimal tick = clamp(BigDecimal.ONE.scaleByPowerOfTen(magnitude - 5), MAX_LINEAR_TICK);
            final BigDecimal step = clamp(BigDecimal.ONE.scaleByPowerOfTen(1 - magnitude), BigDecimal.ONE);
            final BigDecimal maxQty = roundPow10(new BigDecimal("50000000").divide(price.max(tick), MathContext.DECIMAL64))
                .max(step);
            return new Instrument(category, symbol, pair[0], pair[1], tick, step, BigDecimal.ZERO, step, maxQty,
                maxQty.divide(BigDecimal.valueOf(2), MathContext.DECIMAL64).max(step), minNotional, BigDecimal.ZERO);
        }
        final BigDecimal tick = clamp(BigDecimal.ONE.scaleByPowerOfTen(magnitude - 5), MAX_SPOT_TICK);
        final BigDecimal step = clamp(BigDecimal.ONE.scaleByPowerOfTen(-magnitude - 2), BigDecimal.ONE);
        final BigDecimal maxQty = roundPow10(new BigDecimal("100000000").divide(price.max(tick), MathContext.DECIMAL64))
            .max(step);
        return new Instrument(category, symbol, pair[0], pair[1], tick, step, new BigDecimal("0.00000001"), step,
            maxQty, maxQty.divide(BigDecimal.valueOf(2), MathContext.DECIMAL64).max(step), minNotional,
            new BigDecimal("100000000"));
    }

    /**
     * @return these rules with the given ones replaced (null keeps the current value).
     */
    Instrument with(
        final BigDecimal tick, final BigDecimal step, final BigDecimal minQty, final BigDecimal minValue)
    {
        return new Instrument(category, symbol, baseCoin, quoteCoin, tick != null ? tick : tickSize,
            step != null ? step : qtyStep, quoteStep, minQty != null ? minQty : minOrderQty, maxLimitQty, maxMarketQty,
            minValue != null ? minValue : minNotional, maxNotional);
    }

    /**
     * Check a new or amended order against the rules.
     *
     * @param orderType  Limit or Market.
     * @param quoteUnits true for a spot market order whose qty is in the quote coin.
     * @param qty        order quantity (base coin, or quote coin when {@code quoteUnits}).
     * @param price      limit price, null for market orders.
     * @param last       the current last price (values market orders).
     * @throws BybitError with the category's retCode when a rule is broken.
     */
    void check(
        final String orderType, final boolean quoteUnits, final BigDecimal qty, final BigDecimal price,
        final BigDecimal last)
    {
        final boolean spot = "spot".equals(category);
        if (price != null && !multipleOf(price, tickSize))
        {
            throw spot ? new BybitError(170134, "Order price decimal too long.") :
                BybitError.params("price must be a multiple of tickSize " + SimJson.dec(tickSize));
        }
        if (quoteUnits)
        {
            if (!multipleOf(qty, quoteStep))
            {
                throw new BybitError(170148, "Market order amount decimal too long");
            }
            if (qty.compareTo(minNotional) < 0)
            {
                throw new BybitError(170140, "Order value exceeded lower limit");
            }
            if (qty.compareTo(maxNotional) > 0)
            {
                throw new BybitError(170124, "Order amount too large.");
            }
            return;
        }
        if (!multipleOf(qty, qtyStep))
        {
            throw spot ? new BybitError(170137, "Order volume decimal too long") :
                BybitError.params("qty must be a multiple of qtyStep " + SimJson.dec(qtyStep));
        }
        if (qty.compareTo(minOrderQty) < 0)
        {
            throw spot ? new BybitError(170136, "Order quantity lower than the minimum.") :
                new BybitError(10001, "The number of contracts exceeds minimum limit allowed");
        }
        final BigDecimal max = "Market".equals(orderType) ? maxMarketQty : maxLimitQty;
        if (qty.compareTo(max) > 0)
        {
            throw spot ? new BybitError(170381, "Order quantity too large.") :
                new BybitError(10001, "The number of contracts exceeds maximum limit allowed");
        }
        final BigDecimal value = qty.multiply(price != null ? price : last);
        if (value.compareTo(minNotional) < 0)
        {
            throw spot ? new BybitError(170140, "Order value exceeded lower limit") :
                new BybitError(110094, "Order does not meet minimum order value " + SimJson.dec(minNotional) +
                    quoteCoin);
        }
    }

    private static boolean multipleOf(final BigDecimal value, final BigDecimal step)
    {
        return step.signum() == 0 || value.remainder(step).signum() == 0;
    }

    private static BigDecimal clamp(final BigDecimal step, final BigDecimal max)
    {
        final BigDecimal min = BigDecimal.ONE.movePointLeft(MIN_SCALE);
        return step.max(min).min(max).stripTrailingZeros();
    }

    /** The power of ten at or above the value (1234 → 10000). */
    private static BigDecimal roundPow10(final BigDecimal value)
    {
        final BigDecimal v = value.round(new MathContext(1, RoundingMode.UP));
        final int magnitude = v.precision() - v.scale() - 1;
        final BigDecimal pow = BigDecimal.ONE.scaleByPowerOfTen(magnitude);
        return (v.compareTo(pow) == 0 ? pow : pow.scaleByPowerOfTen(1)).stripTrailingZeros();
    }
}
