package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The business side of each REST endpoint: request parameters in, {@code result} object out (or a {@link BybitError}).
 *
 * <p>Semantics chosen where Bybit's docs leave room (documented here once):
 * <ul>
 *   <li>{@code /v5/order/realtime}: {@code openOnly=0} (default) open orders; {@code openOnly=1} the 500 most recent
 *       closed orders; querying by orderId/orderLinkId returns the order in any state. Newest first by createdTime.</li>
 *   <li>{@code /v5/order/history}: closed orders (Filled, Cancelled, PartiallyFilledCanceled, Rejected) unless an
 *       orderId/orderLinkId or an orderStatus is given; createdTime window by startTime/endTime (≤ 7 days).</li>
 *   <li>{@code /v5/execution/list}: newest first by execTime then seq; window rules as the docs (none → last 7 days,
 *       only start → [start, start+7d], only end → [end-7d, end], both → at most 7 days apart, else 10001).</li>
 *   <li>{@code limit} out of range, non-numeric numbers, unknown enum values, bad cursors → 10001.</li>
 *   <li>Cursors are opaque URL-safe Base64 keys of the last row; paging is stable while new rows arrive.</li>
 * </ul>
 */
final class RestEndpoints
{
    private static final long SEVEN_DAYS = 7L * 24 * 3600 * 1000;
    private static final Set<String> CATEGORIES = Set.of("spot", "linear", "inverse", "option");

    private final MatchingEngine engine;

    RestEndpoints(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    ObjectNode marketTime()
    {
        final long nowMillis = engine.now();
        final ObjectNode r = SimJson.object();
        r.put("timeSecond", Long.toString(nowMillis / 1000));
        r.put("timeNano", Long.toString(nowMillis * 1_000_000L + Math.floorMod(System.nanoTime(), 1_000_000L)));
        return r;
    }

    ObjectNode createOrder(final Account a, final JsonNode req)
    {
        final OrderState o = engine.createOrder(a, req);
        return ids(o);
    }

    ObjectNode cancelOrder(final Account a, final JsonNode req)
    {
        final OrderState o = engine.cancelOrder(a, req);
        return ids(o);
    }

    private static ObjectNode ids(final OrderState o)
    {
        final ObjectNode r = SimJson.object();
        r.put("orderId", o.orderId);
        r.put("orderLinkId", o.orderLinkId);
        return r;
    }

    ObjectNode openOrders(final Account a, final JsonNode q)
    {
        final String category = category(q);
        final String symbol = RequestParams.optionalText(q, "symbol");
        final String baseCoin = RequestParams.optionalText(q, "baseCoin");
        final String settleCoin = RequestParams.optionalText(q, "settleCoin");
        if ("linear".equals(category) && empty(symbol) && empty(baseCoin) && empty(settleCoin))
        {
            throw BybitError.params("symbol, baseCoin or settleCoin is required for linear");
        }
        final String openOnly = orDefault(RequestParams.optionalText(q, "openOnly"), "0");
        if (!"0".equals(openOnly) && !"1".equals(openOnly))
        {
            throw BybitError.params("openOnly invalid");
        }
        final int limit = limit(q, 20, 50);
        final String orderId = RequestParams.optionalText(q, "orderId");
        final String linkId = RequestParams.optionalText(q, "orderLinkId");
        final boolean byId = !empty(orderId) || !empty(linkId);
        final boolean stopOnly = stopFilter(q);
        synchronized (engine)
        {
            List<OrderState> rows = new ArrayList<>();
            for (final OrderState o : a.orders.values())
            {
                if (stopOnly || !o.category.equals(category) || !matchesCoins(o, symbol, baseCoin, settleCoin))
                {
                    continue;
                }
                if (byId)
                {
                    if (!empty(orderId) ? o.orderId.equals(orderId) : o.orderLinkId.equals(linkId))
                    {
                        rows.add(o);
                    }
                }
                else if ("0".equals(openOnly) == o.isOpen())
                {
                    rows.add(o);
                }
            }
            rows.sort(NEWEST_ORDER_FIRST);
            if ("1".equals(openOnly) && !byId && rows.size() > 500)
            {
                rows = rows.subList(0, 500);
            }
            return orderPage(category, rows, q, limit);
        }
    }

    ObjectNode orderHistory(final Account a, final JsonNode q)
    {
        final String category = category(q);
        final String symbol = RequestParams.optionalText(q, "symbol");
        final String baseCoin = RequestParams.optionalText(q, "baseCoin");
        final String settleCoin = RequestParams.optionalText(q, "settleCoin");
        final String orderId = RequestParams.optionalText(q, "orderId");
        final String linkId = RequestParams.optionalText(q, "orderLinkId");
        final String status = RequestParams.optionalText(q, "orderStatus");
        final int limit = limit(q, 20, 50);
        final long[] window = window(q);
        final boolean stopOnly = stopFilter(q);
        synchronized (engine)
        {
            final List<OrderState> rows = new ArrayList<>();
            for (final OrderState o : a.orders.values())
            {
                if (stopOnly || !o.category.equals(category) || !matchesCoins(o, symbol, baseCoin, settleCoin))
                {
                    continue;
                }
                if (!empty(orderId) && !o.orderId.equals(orderId) || !empty(linkId) && !o.orderLinkId.equals(linkId))
                {
                    continue;
                }
                if (!empty(status) ? !o.status.equals(status) : o.isOpen() && empty(orderId) && empty(linkId))
                {
                    continue;
                }
                if (o.createdTime < window[0] || o.createdTime > window[1])
                {
                    continue;
                }
                rows.add(o);
            }
            rows.sort(NEWEST_ORDER_FIRST);
            return orderPage(category, rows, q, limit);
        }
    }

    ObjectNode executions(final Account a, final JsonNode q)
    {
        final String category = category(q);
        final String symbol = RequestParams.optionalText(q, "symbol");
        final String orderId = RequestParams.optionalText(q, "orderId");
        final String linkId = RequestParams.optionalText(q, "orderLinkId");
        final String baseCoin = RequestParams.optionalText(q, "baseCoin");
        final String execType = RequestParams.optionalText(q, "execType");
        final int limit = limit(q, 50, 100);
        final long[] window = window(q);
        final long[] after = decodeCursor(RequestParams.optionalText(q, "cursor"), "exec", 2);
        final Predicate<SimExecution> filter;
        if (!empty(orderId))
        {
            filter = e -> e.orderId().equals(orderId);
        }
        else if (!empty(linkId))
        {
            filter = e -> e.orderLinkId().equals(linkId);
        }
        else if (!empty(symbol))
        {
            filter = e -> e.symbol().equals(symbol);
        }
        else if (!empty(baseCoin))
        {
            filter = e -> MatchingEngine.split(e.symbol())[0].equals(baseCoin);
        }
        else
        {
            filter = e -> true;
        }
        final List<SimExecution> rows = new ArrayList<>();
        synchronized (engine)
        {
            for (final SimExecution e : a.executions)
            {
                if (e.category().equals(category) && filter.test(e) &&
                    (empty(execType) || "Trade".equals(execType)) &&
                    e.execTime() >= window[0] && e.execTime() <= window[1])
                {
                    rows.add(e);
                }
            }
        }
        rows.sort(Comparator.comparingLong(SimExecution::execTime).thenComparingLong(SimExecution::seq).reversed());
        final ArrayNode list = SimJson.array();
        String next = "";
        int taken = 0;
        for (int i = 0; i < rows.size(); i++)
        {
            final SimExecution e = rows.get(i);
            if (after != null && compare(e.execTime(), e.seq(), after[0], after[1]) >= 0)
            {
                continue;
            }
            if (taken == limit)
            {
                break;
            }
            list.add(BybitViews.execution(e, false));
            taken++;
            if (taken == limit && i < rows.size() - 1)
            {
                next = encodeCursor("exec", e.execTime(), e.seq());
            }
        }
        final ObjectNode r = SimJson.object();
        r.put("category", category);
        r.put("nextPageCursor", next);
        r.set("list", list);
        return r;
    }

    // ------------------------------------------------------------------ helpers

    private static final Comparator<OrderState> NEWEST_ORDER_FIRST =
        Comparator.comparingLong((OrderState o) -> o.createdTime).thenComparingLong(o -> o.creationSeq).reversed();

    private static ObjectNode orderPage(final String category, final List<OrderState> rows, final JsonNode q, final int limit)
    {
        final long[] after = decodeCursor(RequestParams.optionalText(q, "cursor"), "order", 1);
        final ArrayNode list = SimJson.array();
        String next = "";
        int taken = 0;
        for (int i = 0; i < rows.size(); i++)
        {
            final OrderState o = rows.get(i);
            if (after != null && o.creationSeq >= after[0])
            {
                continue;
            }
            if (taken == limit)
            {
                break;
            }
            list.add(BybitViews.order(o, false));
            taken++;
            if (taken == limit && i < rows.size() - 1)
            {
                next = encodeCursor("order", o.creationSeq);
            }
        }
        final ObjectNode r = SimJson.object();
        r.put("category", category);
        r.put("nextPageCursor", next);
        r.set("list", list);
        return r;
    }

    private static int compare(final long t1, final long s1, final long t2, final long s2)
    {
        final int c = Long.compare(t1, t2);
        return c != 0 ? c : Long.compare(s1, s2);
    }

    private static String encodeCursor(final String kind, final long... keys)
    {
        final StringBuilder sb = new StringBuilder(kind);
        for (final long k : keys)
        {
            sb.append(':').append(k);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static long[] decodeCursor(final String cursor, final String kind, final int n)
    {
        if (empty(cursor))
        {
            return null;
        }
        try
        {
            final String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length != n + 1 || !parts[0].equals(kind))
            {
                throw BybitError.params("cursor invalid");
            }
            final long[] keys = new long[n];
            for (int i = 0; i < n; i++)
            {
                keys[i] = Long.parseLong(parts[i + 1]);
            }
            return keys;
        }
        catch (final IllegalArgumentException ex)
        {
            throw BybitError.params("cursor invalid");
        }
    }

    static String category(final JsonNode q)
    {
        final String category = RequestParams.requiredText(q, "category");
        if (!CATEGORIES.contains(category))
        {
            throw BybitError.params("category invalid");
        }
        return category;
    }

    private static boolean stopFilter(final JsonNode q)
    {
        final String filter = RequestParams.optionalText(q, "orderFilter");
        if (empty(filter) || "Order".equals(filter))
        {
            return false;
        }
        if (Set.of("StopOrder", "tpslOrder", "OcoOrder", "BidirectionalTpslOrder").contains(filter))
        {
            return true; // the simulator has no conditional orders
        }
        throw BybitError.params("orderFilter invalid");
    }

    private static boolean matchesCoins(final OrderState o, final String symbol, final String baseCoin, final String settle)
    {
        final String[] pair = MatchingEngine.split(o.symbol);
        return (empty(symbol) || o.symbol.equals(symbol)) && (empty(baseCoin) || pair[0].equals(baseCoin)) &&
            (empty(settle) || pair[1].equals(settle));
    }

    static int limit(final JsonNode q, final int dflt, final int max)
    {
        final String text = RequestParams.optionalText(q, "limit");
        if (empty(text))
        {
            return dflt;
        }
        final int limit;
        try
        {
            limit = Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw BybitError.params("limit invalid");
        }
        if (limit < 1 || limit > max)
        {
            throw BybitError.params("limit must be in [1, " + max + "]");
        }
        return limit;
    }

    /** Bybit's startTime/endTime window rules; returns [from, to] inclusive in ms. */
    private long[] window(final JsonNode q)
    {
        final Long start = optionalLong(q, "startTime");
        final Long end = optionalLong(q, "endTime");
        if (start == null && end == null)
        {
            final long now = engine.now();
            return new long[] {now - SEVEN_DAYS, Long.MAX_VALUE};
        }
        if (end == null)
        {
            return new long[] {start, start + SEVEN_DAYS};
        }
        if (start == null)
        {
            return new long[] {end - SEVEN_DAYS, end};
        }
        if (start > end)
        {
            throw BybitError.params("startTime must be less than endTime");
        }
        if (end - start > SEVEN_DAYS)
        {
            throw BybitError.params("the time range between startTime and endTime cannot exceed 7 days");
        }
        return new long[] {start, end};
    }

    private static Long optionalLong(final JsonNode q, final String name)
    {
        final String text = RequestParams.optionalText(q, name);
        if (empty(text))
        {
            return null;
        }
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw BybitError.params(name + " invalid");
        }
    }

    static boolean empty(final String s)
    {
        return s == null || s.isEmpty();
    }

    private static String orDefault(final String s, final String dflt)
    {
        return empty(s) ? dflt : s;
    }

}
