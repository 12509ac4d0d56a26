package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketTapeTest
{
    private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % 60_000L; // a minute boundary

    private final MarketTape tape = new MarketTape();

    private static BigDecimal d(final String s)
    {
        return new BigDecimal(s);
    }

    private void print(final String category, final String price, final String size, final long time)
    {
        tape.print(new MarketTape.Print("e" + time, category, "BTCUSDT", d(price), d(size), "Buy", time, time));
    }

    @Test
    void shouldBuildMinuteCandlesNewestFirstFromPricesAndPrints()
    {
        tape.price("BTCUSDT", d("100"), T0 + 1_000);
        tape.price("BTCUSDT", d("105"), T0 + 2_000);
        print("spot", "103", "2", T0 + 3_000);
        tape.price("BTCUSDT", d("99"), T0 + 61_000);
        print("linear", "99", "7", T0 + 62_000);

        final List<MarketTape.Candle> spot = tape.candles("spot", "BTCUSDT", "1", 0, T0 + 150_000, 10);
        assertEquals(3, spot.size(), spot.toString());
        final MarketTape.Candle third = spot.get(0);
        assertEquals(T0 + 120_000, third.start());
        assertEquals("99", SimJson.dec(third.open()));
        assertEquals("99", SimJson.dec(third.close()));
        assertEquals("0", SimJson.dec(third.volume())); // quiet minute: flat, no volume
        final MarketTape.Candle second = spot.get(1);
        assertEquals("103", SimJson.dec(second.open()));
        assertEquals("99", SimJson.dec(second.low()));
        assertEquals("0", SimJson.dec(second.volume())); // the 7 traded on linear, not spot
        final MarketTape.Candle first = spot.get(2);
        assertEquals(T0, first.start());
        assertEquals("100", SimJson.dec(first.open()));
        assertEquals("105", SimJson.dec(first.high()));
        assertEquals("100", SimJson.dec(first.low()));
        assertEquals("103", SimJson.dec(first.close()));
        assertEquals("2", SimJson.dec(first.volume()));
        assertEquals("206", SimJson.dec(first.turnover()));

        final List<MarketTape.Candle> linear = tape.candles("linear", "BTCUSDT", "1", 0, T0 + 150_000, 2);
        assertEquals(2, linear.size());
        assertEquals("7", SimJson.dec(linear.get(1).volume()));
    }

    @Test
    void shouldPageForwardFromStartAndBackwardFromEnd()
    {
        for (int m = 0; m < 10; m++)
        {
            tape.price("BTCUSDT", d(Integer.toString(100 + m)), T0 + m * 60_000L + 1);
        }
        final long end = T0 + 9 * 60_000L + 30_000;
        final List<MarketTape.Candle> forward = tape.candles("spot", "BTCUSDT", "1", T0 + 2 * 60_000L, end, 3);
        assertEquals(List.of(T0 + 4 * 60_000L, T0 + 3 * 60_000L, T0 + 2 * 60_000L),
            forward.stream().map(MarketTape.Candle::start).toList());
        assertEquals("102", SimJson.dec(forward.get(2).close()));
        final List<MarketTape.Candle> backward = tape.candles("spot", "BTCUSDT", "1", 0, end, 3);
        assertEquals(List.of(T0 + 9 * 60_000L, T0 + 8 * 60_000L, T0 + 7 * 60_000L),
            backward.stream().map(MarketTape.Candle::start).toList());
        assertEquals(10, tape.candles("spot", "BTCUSDT", "1", 1, end, 1000).size()); // never before the first price
    }

    @Test
    void shouldAlignDailyWeeklyAndMonthlyBucketsToUtc()
    {
        final long wednesday = 1_700_000_000_000L; // 2023-11-14T22:13:20Z, a Tuesday
        assertEquals(1_699_920_000_000L, MarketTape.bucketStart("D", wednesday)); // 2023-11-14T00:00Z
        assertEquals(1_699_833_600_000L, MarketTape.bucketStart("W", wednesday)); // Monday 2023-11-13T00:00Z
        assertEquals(1_698_796_800_000L, MarketTape.bucketStart("M", wednesday)); // 2023-11-01T00:00Z
        assertEquals(1_699_999_200_000L, MarketTape.bucketStart("60", wednesday)); // 22:00Z
        assertTrue(MarketTape.validInterval("720"));
        assertFalse(MarketTape.validInterval("2"));
    }

    @Test
    void shouldReport24hStatisticsAndRecentPrintsNewestFirst()
    {
        final long day = 24 * 3_600_000L;
        tape.price("BTCUSDT", d("100"), T0);
        tape.price("BTCUSDT", d("120"), T0 + 1_000);
        print("spot", "110", "1", T0 + day + 1_000);
        print("spot", "90", "3", T0 + day + 2_000);
        final MarketTape.Stats s = tape.stats("spot", "BTCUSDT", T0 + day + 1_500);
        assertEquals("120", SimJson.dec(s.prevPrice24h()));
        assertEquals("120", SimJson.dec(s.high24h()));
        assertEquals("110", SimJson.dec(s.low24h()));
        assertEquals("1", SimJson.dec(s.volume24h()));
        assertEquals("110", SimJson.dec(s.turnover24h()));
        final List<MarketTape.Print> recent = tape.recent("spot", "BTCUSDT", 5);
        assertEquals(List.of("90", "110"), recent.stream().map(p -> SimJson.dec(p.price())).toList());
        assertEquals(T0 + day + 2_000, tape.lastPrintTime("spot", "BTCUSDT"));
        assertEquals(0, tape.lastPrintTime("linear", "BTCUSDT"));
    }
}
