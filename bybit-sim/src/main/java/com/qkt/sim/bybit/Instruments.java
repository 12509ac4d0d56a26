package com.qkt.sim.bybit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instruments the simulator lists and enforces: every configured symbol is a spot pair, and a USDT or USDC
 * quoted symbol is also a linear perpetual. Rules are fixed when a symbol is first priced ({@link Instrument#defaults})
 * unless set beforehand with {@link #define}. Inverse and option list nothing. Guarded by the {@link MatchingEngine}
 * lock.
 */
final class Instruments
{
    /** Rules set by configuration; null fields keep the default. */
    record Rules(BigDecimal tickSize, BigDecimal qtyStep, BigDecimal minOrderQty, BigDecimal minNotional)
    {
    }

    private final Map<String, Instrument> spot = new LinkedHashMap<>();
    private final Map<String, Instrument> linear = new LinkedHashMap<>();
    private final Map<String, Rules> configured = new LinkedHashMap<>();

    /** Called for every price the engine sets; the first one fixes the symbol's rules. */
    void onPrice(final String symbol, final BigDecimal price)
    {
        spot.computeIfAbsent(symbol, s -> configuredOrDefault("spot", s, price));
        final String quote = MatchingEngine.split(symbol)[1];
        if ("USDT".equals(quote) || "USDC".equals(quote))
        {
            linear.computeIfAbsent(symbol, s -> configuredOrDefault("linear", s, price));
        }
    }

    /**
     * Set some rules of a spot or linear instrument; the others stay the defaults. Applies at once when the symbol
     * is already priced.
     */
    void configure(final String category, final String symbol, final Rules rules)
    {
        final Map<String, Instrument> map = byCategory(category);
        if (map == null)
        {
            throw new IllegalArgumentException("the simulator lists spot and linear instruments only");
        }
        configured.put(category + ":" + symbol, rules);
        final Instrument current = map.get(symbol);
        if (current != null)
        {
            map.put(symbol, apply(current, rules));
        }
    }

    private Instrument configuredOrDefault(final String category, final String symbol, final BigDecimal price)
    {
        final Instrument defaults = Instrument.defaults(category, symbol, price);
        final Rules rules = configured.get(category + ":" + symbol);
        return rules == null ? defaults : apply(defaults, rules);
    }

    private static Instrument apply(final Instrument instrument, final Rules r)
    {
        return instrument.with(r.tickSize(), r.qtyStep(), r.minOrderQty(), r.minNotional());
    }

    /**
     * @return the instrument, or null if the category does not list the symbol.
     */
    Instrument get(final String category, final String symbol)
    {
        final Map<String, Instrument> map = byCategory(category);
        return map == null ? null : map.get(symbol);
    }

    /**
     * @return the category's instruments in listing order (empty for inverse and option).
     */
    List<Instrument> list(final String category)
    {
        final Map<String, Instrument> map = byCategory(category);
        return map == null ? List.of() : new ArrayList<>(map.values());
    }

    private Map<String, Instrument> byCategory(final String category)
    {
        return switch (category)
        {
            case "spot" -> spot;
            case "linear" -> linear;
            default -> null;
        };
    }
}
