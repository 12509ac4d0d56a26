package com.qkt.sim.bybit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The public record of the simulated market: every last-price change ({@link MatchingEngine#setPrice} and fills)
 * and every print (each fill of any account is one public trade). Recent trades, klines and the 24 h ticker
 * statistics are computed from it. Bounded: the oldest half is dropped when a symbol holds {@value #MAX_ROWS} rows.
 * Guarded by the {@link MatchingEngine} lock.
 */
final class MarketTape
{
    static final int MAX_ROWS = 200_000;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    /** 1970-01-01 was a Thursday; Bybit's weekly candles start on Monday 00:00 UTC. */
    private static final long MONDAY_OFFSET = 4 * DAY;

    /** A change of the last price. */
    record Tick(long time, BigDecimal price)
    {
    }

    /**
     * One public trade.
     *
     * @param side the taker's side, as Bybit's public trades report it.
     */
    record Print(String execId, String category, String symbol, BigDecimal price, BigDecimal size, String side,
        long time, long seq)
    {
    }

    /** One candle: {@code [startTime, open, high, low, close, volume, turnover]}. */
    record Candle(long start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume,
        BigDecimal turnover)
    {
    }

    /** 24 h (and 1 h) statistics of a symbol in a category. */
    record Stats(BigDecimal prevPrice24h, BigDecimal high24h, BigDecimal low24h, BigDecimal volume24h,
        BigDecimal turnover24h, BigDecimal prevPrice1h)
    {
    }

    private final Map<String, List<Tick>> ticks = new HashMap<>();
    private final Map<String, List<Print>> prints = new HashMap<>();

    void price(final String symbol, final BigDecimal price, final long time)
    {
        final List<Tick> list = ticks.computeIfAbsent(symbol, s -> new ArrayList<>());
        final long t = list.isEmpty() ? time : Math.max(time, list.get(list.size() - 1).time);
        list.add(new Tick(t, price));
        trim(list);
    }

    void print(final Print print)
    {
        final List<Print> list = prints.computeIfAbsent(print.symbol(), s -> new ArrayList<>());
        list.add(print);
        trim(list);
        price(print.symbol(), print.price(), print.time());
    }

    /**
     * @return time the symbol was first priced, or 0.
     */
    long firstTime(final String symbol)
    {
        final List<Tick> list = ticks.get(symbol);
        return list == null || list.isEmpty() ? 0 : list.get(0).time();
    }

    /**
     * @return the newest prints of the symbol in the category, newest first.
     */
    List<Print> recent(final String category, final String symbol, final int limit)
    {
        final List<Print> out = new ArrayList<>();
        final List<Print> list = prints.getOrDefault(symbol, List.of());
        for (int i = list.size() - 1; i >= 0 && out.size() < limit; i--)
        {
            if (list.get(i).category().equals(category))
            {
                out.add(list.get(i));
            }
        }
        return out;
    }

    /**
     * @return time of the newest print of the symbol in the category, or 0.
     */
    long lastPrintTime(final String category, final String symbol)
    {
        final List<Print> recent = recent(category, symbol, 1);
        return recent.isEmpty() ? 0 : recent.get(0).time();
    }

    Stats stats(final String category, final String symbol, final long now)
    {
        final List<Tick> list = ticks.getOrDefault(symbol, List.of());
        if (list.isEmpty())
        {
            return new Stats(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO);
        }
        final BigDecimal prev24h = priceAt(list, now - DAY);
        BigDecimal high = prev24h;
        BigDecimal low = prev24h;
        for (int i = firstAfter(list, now - DAY); i < list.size() && list.get(i).time() <= now; i++)
        {
            high = high.max(list.get(i).price());
            low = low.min(list.get(i).price());
        }
        final BigDecimal[] vt = volumeAndTurnover(prints.getOrDefault(symbol, List.of()), category, now - DAY + 1, now + 1);
        return new Stats(prev24h, high, low, vt[0], vt[1], priceAt(list, now - HOUR));
    }

    /**
     * Candles of the symbol, newest first, at most {@code limit}, never before the first price the simulator knew.
     * With a {@code start} (&gt; 0) they are the first {@code limit} buckets from the one holding {@code start} up to
     * the one holding {@code end} (what ccxt's forward pagination expects of Bybit); without, the last {@code limit}
     * buckets up to the one holding {@code end}. A bucket without any price change is a flat candle at the previous
     * close with zero volume, as an exchange shows a quiet market.
     *
     * @param interval Bybit's interval: 1,3,5,15,30,60,120,240,360,720 (minutes), D, W or M.
     */
    List<Candle> candles(
        final String category, final String symbol, final String interval, final long start, final long end,
        final int limit)
    {
        final List<Tick> list = ticks.getOrDefault(symbol, List.of());
        final List<Candle> out = new ArrayList<>();
        if (list.isEmpty())
        {
            return out;
        }
        final long first = bucketStart(interval, list.get(0).time());
        final long last = bucketStart(interval, end);
        final List<Long> buckets = new ArrayList<>();
        if (start > 0)
        {
            for (long b = Math.max(first, bucketStart(interval, start)); b <= last && buckets.size() < limit;
                b = nextBucket(interval, b))
            {
                buckets.add(0, b);
            }
        }
        else
        {
            for (long b = last; b >= first && buckets.size() < limit; b = bucketStart(interval, b - 1))
            {
                buckets.add(b);
            }
        }
        final List<Print> printList = prints.getOrDefault(symbol, List.of());
        for (final long b : buckets)
        {
            final long bEnd = nextBucket(interval, b);
            final BigDecimal open = b <= list.get(0).time() ? list.get(0).price() : priceAt(list, b - 1);
            BigDecimal high = open;
            BigDecimal low = open;
            BigDecimal close = open;
            for (int i = firstAfter(list, b - 1); i < list.size() && list.get(i).time() < bEnd; i++)
            {
                final BigDecimal p = list.get(i).price();
                high = high.max(p);
                low = low.min(p);
                close = p;
            }
            final BigDecimal[] vt = volumeAndTurnover(printList, category, b, bEnd);
            out.add(new Candle(b, open, high, low, close, vt[0], vt[1]));
        }
        return out;
    }

    /**
     * @return true for Bybit's kline intervals.
     */
    static boolean validInterval(final String interval)
    {
        return switch (interval)
        {
            case "1", "3", "5", "15", "30", "60", "120", "240", "360", "720", "D", "W", "M" -> true;
            default -> false;
        };
    }

    static long bucketStart(final String interval, final long time)
    {
        return switch (interval)
        {
            case "D" -> Math.floorDiv(time, DAY) * DAY;
            case "W" -> Math.floorDiv(time - MONDAY_OFFSET, WEEK) * WEEK + MONDAY_OFFSET;
            case "M" ->
            {
                final ZonedDateTime t = Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC);
                yield t.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            default ->
            {
                final long width = Long.parseLong(interval) * 60_000L;
                yield Math.floorDiv(time, width) * width;
            }
        };
    }

    private static long nextBucket(final String interval, final long bucketStart)
    {
        return switch (interval)
        {
            case "D" -> bucketStart + DAY;
            case "W" -> bucketStart + WEEK;
            case "M" -> Instant.ofEpochMilli(bucketStart).atZone(ZoneOffset.UTC).plusMonths(1).toInstant().toEpochMilli();
            default -> bucketStart + Long.parseLong(interval) * 60_000L;
        };
    }

    /** Volume and turnover of the category's prints with {@code from <= time < to} (prints are in time order). */
    private static BigDecimal[] volumeAndTurnover(
        final List<Print> list, final String category, final long from, final long to)
    {
        int lo = 0;
        int hi = list.size();
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (list.get(mid).time() < from)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal turnover = BigDecimal.ZERO;
        for (int i = lo; i < list.size() && list.get(i).time() < to; i++)
        {
            final Print p = list.get(i);
            if (p.category().equals(category))
            {
                volume = volume.add(p.size());
                turnover = turnover.add(p.size().multiply(p.price()));
            }
        }
        return new BigDecimal[] {volume, turnover};
    }

    /** The price in effect at {@code time}: the last tick at or before it, else the first tick. */
    private static BigDecimal priceAt(final List<Tick> list, final long time)
    {
        final int i = firstAfter(list, time) - 1;
        return i >= 0 ? list.get(i).price() : list.get(0).price();
    }

    /** Index of the first tick strictly after {@code time} (binary search; ticks are in time order). */
    private static int firstAfter(final List<Tick> list, final long time)
    {
        int lo = 0;
        int hi = list.size();
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (list.get(mid).time() <= time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static <T> void trim(final List<T> list)
    {
        if (list.size() > MAX_ROWS)
        {
            list.subList(0, MAX_ROWS / 2).clear();
        }
    }
}
