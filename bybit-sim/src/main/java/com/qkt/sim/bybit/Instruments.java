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
    private final Map<String, Instrument> spot = new LinkedHashMap<>();
    private final Map<String, Instrument> linear = new LinkedHashMap<>();

    /** Called for every price the engine sets; the first one fixes the symbol's default rules. */
    void onPrice(final String symbol, final BigDecimal price)
    {
        spot.computeIfAbsent(symbol, s -> Instrument.defaults("spot", s, price));
        final String quote = MatchingEngine.split(symbol)[1];
        if ("USDT".equals(quote) || "USDC".equals(quote))
        {
            linear.computeIfAbsent(symbol, s -> Instrument.defaults("linear", s, price));
        }
    }

    /** Replace the rules of one instrument (before or after it is priced). */
    void define(final Instrument instrument)
    {
        final Map<String, Instrument> map = byCategory(instrument.category());
        if (map == null)
        {
            throw new IllegalArgumentException("the simulator lists spot and linear instruments only");
        }
        map.put(instrument.symbol(), instrument);
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
