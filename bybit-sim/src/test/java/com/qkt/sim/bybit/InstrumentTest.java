package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstrumentTest
{
    private static final BigDecimal LAST = new BigDecimal("50000");

    @ParameterizedTest(name = "{0} {1} at {2}: tick {3}, step {4}, max {5}")
    @CsvSource({
        "spot, BTCUSDT, 50000, 0.01, 0.000001, 10000",
        "spot, ETHUSDT, 3000, 0.01, 0.00001, 100000",
        "spot, DOGEUSDT, 0.1, 0.000001, 0.1, 1000000000",
        "linear, BTCUSDT, 50000, 0.1, 0.001, 1000",
        "linear, ETHUSDT, 3000, 0.01, 0.01, 100000",
    })
    void shouldScaleDefaultRulesWithThePriceTheWayBybitListsThem(
        final String category, final String symbol, final String price, final String tick, final String step,
        final String maxQty)
    {
        final Instrument i = Instrument.defaults(category, symbol, new BigDecimal(price));
        assertEquals(tick, SimJson.dec(i.tickSize()));
        assertEquals(step, SimJson.dec(i.qtyStep()));
        assertEquals(step, SimJson.dec(i.minOrderQty()));
        assertEquals(maxQty, SimJson.dec(i.maxLimitQty()));
        assertEquals("5", SimJson.dec(i.minNotional()));
    }

    @ParameterizedTest(name = "spot {0} x {1} -> {2}")
    @CsvSource({
        "0.001, 40000.001, 170134",
        "0.0000001, 40000, 170137",
        "0.0001, 40000, 170140",
        "10001, 40000, 170381",
    })
    void shouldRejectSpotLimitOrdersWithSpotRetCodes(final String qty, final String price, final int retCode)
    {
        final Instrument spot = Instrument.defaults("spot", "BTCUSDT", LAST);
        final BybitError err = assertThrows(BybitError.class,
            () -> spot.check("Limit", false, new BigDecimal(qty), new BigDecimal(price), LAST));
        assertEquals(retCode, err.retCode);
    }

    @Test
    void shouldValueSpotMarketOrdersAtTheLastPriceAndQuoteUnitsAsIs()
    {
        final Instrument spot = Instrument.defaults("spot", "BTCUSDT", LAST);
        spot.check("Market", false, new BigDecimal("0.0001"), null, LAST); // 5 USDT: the minimum
        assertEquals(170140, assertThrows(BybitError.class,
            () -> spot.check("Market", false, new BigDecimal("0.00009"), null, LAST)).retCode);
        spot.check("Market", true, new BigDecimal("5"), null, LAST);
        assertEquals(170140, assertThrows(BybitError.class,
            () -> spot.check("Market", true, new BigDecimal("4.99"), null, LAST)).retCode);
        assertEquals(170148, assertThrows(BybitError.class,
            () -> spot.check("Market", true, new BigDecimal("10.000000001"), null, LAST)).retCode);
        assertEquals(170381, assertThrows(BybitError.class,
            () -> spot.check("Market", false, new BigDecimal("5001"), null, LAST)).retCode);
    }

    @ParameterizedTest(name = "linear {0} x {1} -> {2}")
    @CsvSource({
        "0.001, 40000.05, 10001",
        "0.0015, 40000, 10001",
        "1001, 40000, 10001",
        "0.001, 4000, 110094",
    })
    void shouldRejectLinearOrdersWithContractRetCodes(final String qty, final String price, final int retCode)
    {
        final Instrument linear = Instrument.defaults("linear", "BTCUSDT", LAST);
        assertEquals(retCode, assertThrows(BybitError.class,
            () -> linear.check("Limit", false, new BigDecimal(qty), new BigDecimal(price), LAST)).retCode);
    }

    @Test
    void shouldListSpotForEverySymbolAndLinearForUsdQuotedOnesAndApplyConfiguredRules()
    {
        final Instruments instruments = new Instruments();
        instruments.configure("linear", "BTCUSDT", new Instruments.Rules(new BigDecimal("0.5"), null, null, null));
        instruments.onPrice("BTCUSDT", LAST);
        instruments.onPrice("ETHBTC", new BigDecimal("0.05"));
        instruments.onPrice("BTCUSDT", new BigDecimal("1")); // the first price fixed the rules
        assertEquals(2, instruments.list("spot").size());
        assertEquals(1, instruments.list("linear").size());
        assertEquals(0, instruments.list("option").size());
        assertEquals("0.5", SimJson.dec(instruments.get("linear", "BTCUSDT").tickSize()));
        assertEquals("0.01", SimJson.dec(instruments.get("spot", "BTCUSDT").tickSize()));
        assertEquals("0.0001", SimJson.dec(instruments.get("spot", "ETHBTC").minNotional()));
        assertEquals(null, instruments.get("linear", "ETHBTC"));

        instruments.configure("spot", "BTCUSDT", new Instruments.Rules(null, null, null, new BigDecimal("1")));
        assertEquals("1", SimJson.dec(instruments.get("spot", "BTCUSDT").minNotional())); // applied at once
        assertEquals("0.01", SimJson.dec(instruments.get("spot", "BTCUSDT").tickSize()));
        assertThrows(IllegalArgumentException.class,
            () -> instruments.configure("inverse", "BTCUSD", new Instruments.Rules(null, null, null, null)));
    }

    @Test
    void shouldAcceptOrdersOnTheGrid()
    {
        Instrument.defaults("spot", "BTCUSDT", LAST).check("Limit", false, new BigDecimal("0.000123"),
            new BigDecimal("49999.99"), LAST);
        Instrument.defaults("linear", "BTCUSDT", LAST).check("Limit", false, new BigDecimal("0.123"),
            new BigDecimal("49999.9"), LAST);
    }
}
