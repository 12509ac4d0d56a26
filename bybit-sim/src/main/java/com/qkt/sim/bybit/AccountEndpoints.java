package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v5/account/wallet-balance} and {@code GET /v5/position/list}, read from the same account state the
 * matching engine moves on every fill (so REST snapshots and the {@code wallet} / {@code position} pushes agree).
 *
 * <p>Choices where Bybit leaves room: wallet-balance takes {@code accountType=UNIFIED} only (else 10001) and lists
 * every coin the account holds unless {@code coin} filters them. position/list: {@code category=linear} (inverse and
 * option answer an empty list: the simulator trades neither; spot → 10001); linear needs {@code symbol} or
 * {@code settleCoin}; a symbol query always answers one row (flat: side "", size "0", seq -1 if never traded); a
 * settleCoin query lists the open positions of that coin ordered by symbol, {@code limit} [1, 200] default 20, with an
 * opaque {@code nextPageCursor} ("" on the last page).
 */
final class AccountEndpoints
{
    private final MatchingEngine engine;

    AccountEndpoints(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    ObjectNode walletBalance(final Account a, final JsonNode q)
    {
        final String accountType = RequestParams.requiredText(q, "accountType");
        if (!"UNIFIED".equals(accountType))
        {
            throw new BybitError(10001, "accountType only support UNIFIED.");
        }
        final String coins = RequestParams.optionalText(q, "coin");
        final Set<String> filter = new HashSet<>();
        if (!RestEndpoints.empty(coins))
        {
            for (final String coin : coins.split(","))
            {
                filter.add(coin.trim());
            }
        }
        final ObjectNode r = SimJson.object();
        synchronized (engine)
        {
            r.putArray("list").add(BybitViews.wallet(a, engine.prices(), filter));
        }
        return r;
    }

    ObjectNode positions(final Account a, final JsonNode q)
    {
        final String category = RestEndpoints.category(q);
        if (!"linear".equals(category) && !"inverse".equals(category) && !"option".equals(category))
        {
            throw new BybitError(10001, "params error: category only support linear, inverse or option");
        }
        final String symbol = RequestParams.optionalText(q, "symbol");
        final String settleCoin = RequestParams.optionalText(q, "settleCoin");
        if ("linear".equals(category) && RestEndpoints.empty(symbol) && RestEndpoints.empty(settleCoin))
        {
            throw BybitError.params("symbol or settleCoin is required");
        }
        final int limit = RestEndpoints.limit(q, 20, 200);
        final String after = decodeCursor(RequestParams.optionalText(q, "cursor"));
        final ArrayNode list = SimJson.array();
        String next = "";
        synchronized (engine)
        {
            if ("linear".equals(category))
            {
                if (!RestEndpoints.empty(symbol))
                {
                    if (!engine.knowsSymbol(symbol))
                    {
                        throw new BybitError(10001, "params error: symbol invalid");
                    }
                    if (RestEndpoints.empty(settleCoin) || MatchingEngine.split(symbol)[1].equals(settleCoin))
                    {
                        final Account.Position p = a.positions.get(symbol);
                        list.add(BybitViews.position(
                            p != null ? p : new Account.Position(symbol, engine.now()), engine.price(symbol), false));
                    }
                }
                else
                {
                    final List<Account.Position> rows = new ArrayList<>();
                    for (final Account.Position p : a.positions.values()) // TreeMap: ordered by symbol
                    {
                        if (MatchingEngine.split(p.symbol)[1].equals(settleCoin) && p.size.signum() != 0 &&
                            (after == null || p.symbol.compareTo(after) > 0))
                        {
                            rows.add(p);
                        }
                    }
                    for (int i = 0; i < rows.size() && i < limit; i++)
                    {
                        final Account.Position p = rows.get(i);
                        list.add(BybitViews.position(p, engine.price(p.symbol), false));
                        if (i == limit - 1 && rows.size() > limit)
                        {
                            next = encodeCursor(p.symbol);
                        }
                    }
                }
            }
        }
        final ObjectNode r = SimJson.object();
        r.put("category", category);
        r.put("nextPageCursor", next);
        r.set("list", list);
        return r;
    }

    private static String encodeCursor(final String symbol)
    {
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString(("pos:" + symbol).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(final String cursor)
    {
        if (RestEndpoints.empty(cursor))
        {
            return null;
        }
        try
        {
            final String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("pos:"))
            {
                throw BybitError.params("cursor invalid");
            }
            return text.substring(4);
        }
        catch (final IllegalArgumentException ex)
        {
            throw BybitError.params("cursor invalid");
        }
    }
}
