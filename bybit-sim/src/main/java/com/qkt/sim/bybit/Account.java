package com.qkt.sim.bybit;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * State of one simulated UID: balances, orders, fills, linear positions. Guarded by the {@link MatchingEngine} lock.
 */
final class Account
{
    /** Wallet balance and the part of it locked by resting spot orders. */
    static final class Balance
    {
        BigDecimal wallet;
        BigDecimal locked = BigDecimal.ZERO;
        BigDecimal cumRealisedPnl = BigDecimal.ZERO;

        Balance(final BigDecimal wallet)
        {
            this.wallet = wallet;
        }

        BigDecimal available()
        {
            return wallet.subtract(locked);
        }
    }

    /** One-way linear position. */
    static final class Position
    {
        final String symbol;
        BigDecimal size = BigDecimal.ZERO; // signed: >0 long, <0 short
        BigDecimal avgPrice = BigDecimal.ZERO;
        BigDecimal curRealisedPnl = BigDecimal.ZERO;
        BigDecimal cumRealisedPnl = BigDecimal.ZERO;
        long createdTime;
        long updatedTime;
        /** Cross sequence of the last fill that changed the position; -1 until it has traded (as Bybit reports). */
        long seq = -1;

        Position(final String symbol, final long now)
        {
            this.symbol = symbol;
            this.createdTime = now;
            this.updatedTime = now;
        }
    }

    /** A fill to apply when the account's next socket drop happens. */
    record PendingFill(String orderId, BigDecimal qty)
    {
    }

    final String apiKey;
    final String secret;
    final long uid;
    final Map<String, Balance> balances = new TreeMap<>();
    final Map<String, OrderState> orders = new LinkedHashMap<>();
    final Map<String, OrderState> ordersByLinkId = new HashMap<>();
    final List<SimExecution> executions = new ArrayList<>();
    final Map<String, Position> positions = new TreeMap<>();
    final Deque<String> pendingRejects = new ArrayDeque<>();
    final List<PendingFill> gapFills = new ArrayList<>();
    volatile boolean revoked;

    Account(final String apiKey, final String secret, final long uid)
    {
        this.apiKey = apiKey;
        this.secret = secret;
        this.uid = uid;
    }

    Balance balance(final String coin)
    {
        return balances.computeIfAbsent(coin, c -> new Balance(BigDecimal.ZERO));
    }

    @Override
    public String toString()
    {
        // the secret never appears here
        return "Account{apiKey=" + apiKey + ", uid=" + uid + "}";
    }
}
