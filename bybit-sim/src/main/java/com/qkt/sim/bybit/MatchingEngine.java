package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A spot (and simple one-way linear) matching engine good enough to fill orders for client tests.
 *
 * <p>Rules, following Bybit V5 spot:
 * <ul>
 *   <li>Limit orders rest until {@link #setPrice} crosses them (buy when price &lt;= limit, sell when price &gt;=
 *       limit) or {@link #fill} fills them; such fills are maker fills at the limit price.</li>
 *   <li>A limit order that is marketable on arrival fills at once as taker at the current price (PostOnly is then
 *       Cancelled with {@code EC_PostOnlyWillTakeLiquidity}; a non-marketable IOC/FOK is Cancelled with
 *       {@code EC_NoImmediateQtyToFill}).</li>
 *   <li>Market orders fill at once at the current price: pushes New then Filled. Spot market Buy {@code qty} is in
 *       the quote coin unless {@code marketUnit=baseCoin} (as on Bybit); Sell is in the base coin.</li>
 *   <li>Spot orders lock funds (quote for Buy at the limit price, base for Sell); not enough available → retCode
 *       170131 "Insufficient balance." on create. Linear orders need 10x initial margin for the part that grows the position,
 *       from the settle coin's available balance, else 110007 "ab not enough for new order".</li>
 *   <li>Duplicate {@code orderLinkId} within the account → 110072. Cancel of an unknown <em>or already terminal</em>
 *       order → 110001 "Order does not exist" (the simulator uses the one code for both).</li>
 *   <li>Every create and amend is checked against the symbol's {@link Instrument} rules (tick, lot, minimum value),
 *       with Bybit's spot (1701xx) or contract (10001, 110094) codes; {@code /v5/market/instruments-info} lists
 *       the same rules.</li>
 *   <li>Amend moves the price and/or quantity of an open limit order (and its spot lock) and may fill at once;
 *       cancel-all cancels by category, symbol, baseCoin or settleCoin; both push like a single create/cancel.</li>
 *   <li>Fees: spot 0.1% in the received coin; linear 0.055% taker / 0.02% maker in USDT.</li>
 *   <li>Linear (USDT perpetual, one-way, positionIdx 0): a fill opens, extends (size-weighted avgPrice), reduces or
 *       closes the position, or flips it (the remainder opens at the fill price). Closing realises
 *       {@code (price - avgPrice) * closed * sign} into the USDT wallet; fees are taken from the wallet and count in
 *       {@code curRealisedPnl} / {@code cumRealisedPnl} (as Bybit's do). The position's {@code seq} is the cross
 *       sequence of its last fill (the fill's execution carries the same one), -1 until it has traded; pushes on
 *       create/cancel repeat it unchanged. Mark price = last price.</li>
 *   <li>Every price change and fill goes to the {@link MarketTape} (public trades, klines, 24 h statistics).</li>
 *   <li>Every fill gets a UUID execId from the seeded random and a strictly increasing {@code seq}; it is recorded
 *       (REST) and pushed as execution + order + wallet (+ position for linear) to the account's live sockets.</li>
 * </ul>
 * All methods are thread-safe (one monitor: this object).
 */
public final class MatchingEngine
{
    /** Receives every account event the engine produces, in order, while the engine lock is held. */
    interface PushSink
    {
        void push(Account account, PushTopic topic, String category, String symbol, long seq, ArrayNode data);
    }

    private static final Pattern LINK_ID = Pattern.compile("[A-Za-z0-9_-]{1,36}");
    static final BigDecimal SPOT_FEE = new BigDecimal("0.001");
    static final BigDecimal LINEAR_TAKER_FEE = new BigDecimal("0.00055");
    static final BigDecimal LINEAR_MAKER_FEE = new BigDecimal("0.0002");
    private static final String[] QUOTES = {"USDT", "USDC", "BTC", "ETH", "EUR"};

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, BigDecimal> prices = new LinkedHashMap<>();
    private final Map<String, OrderState> ordersById = new LinkedHashMap<>();
    private final Instruments instruments = new Instruments();
    private final MarketTape tape = new MarketTape();
    private final Random random;
    private final LongSupplier clock;
    private long seq;
    private long creationSeq;
    private long lastExecTime;
    private PushSink sink = (a, t, c, s, q, d) -> {};

    MatchingEngine(final long seed, final LongSupplier clock)
    {
        this.random = new Random(seed);
        this.clock = clock;
        this.seq = 1_000_000L + random.nextInt(1_000_000);
    }

    synchronized void sink(final PushSink sink)
    {
        this.sink = sink;
    }

    synchronized Account addAccount(final String apiKey, final String secret, final Map<String, BigDecimal> balances)
    {
        final Account account = new Account(apiKey, secret, 100_000_000L + accounts.size() + 1);
        balances.forEach((coin, amount) -> account.balance(coin).wallet = amount);
        accounts.put(apiKey, account);
        return account;
    }

    synchronized Account account(final String apiKey)
    {
        return accounts.get(apiKey);
    }

    synchronized List<Account> accounts()
    {
        return new ArrayList<>(accounts.values());
    }

    synchronized Map<String, BigDecimal> prices()
    {
        return new LinkedHashMap<>(prices);
    }

    synchronized boolean knowsSymbol(final String symbol)
    {
        return prices.containsKey(symbol);
    }

    synchronized String uuid()
    {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    synchronized String randomAlnum(final int length)
    {
        final String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        final StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.append(chars.charAt(random.nextInt(chars.length())));
        }
        return sb.toString();
    }

    long now()
    {
        return clock.getAsLong();
    }

    // ------------------------------------------------------------------ public test API

    /**
     * Set the last price of a symbol (adds the symbol if new) and fill every resting limit order it crosses.
     *
     * @param symbol e.g. BTCUSDT.
     * @param price  decimal string.
     */
    public synchronized void setPrice(final String symbol, final String price)
    {
        final BigDecimal p = new BigDecimal(price);
        prices.put(symbol, p);
        instruments.onPrice(symbol, p);
        for (final OrderState o : new ArrayList<>(ordersById.values()))
        {
            if (o.isOpen() && o.symbol.equals(symbol) && o.price != null &&
                (o.isBuy() ? o.price.compareTo(p) >= 0 : o.price.compareTo(p) <= 0))
            {
                applyFill(o, o.leavesQty(), o.price, true);
            }
        }
        tape.price(symbol, p, now()); // after the crossed orders' prints, so the candle closes at the new price
    }

    /**
     * @return the last price of the symbol, or null if unknown.
     */
    public synchronized String price(final String symbol)
    {
        final BigDecimal p = prices.get(symbol);
        return p == null ? null : SimJson.dec(p);
    }

    /**
     * Fill part or all of a resting order at its limit price (maker fill).
     *
     * @param orderId exchange order id.
     * @param qty     quantity to fill, capped at the order's leaves quantity.
     * @throws IllegalArgumentException if the order is unknown; IllegalStateException if it is not open.
     */
    public synchronized void fill(final String orderId, final String qty)
    {
        final OrderState o = requireOpen(orderId);
        applyFill(o, new BigDecimal(qty), o.price, true);
    }

    /**
     * Cancel a resting order from the exchange side ({@code cancelType=CancelByAdmin}); pushed like any cancel.
     */
    public synchronized void cancelByExchange(final String orderId)
    {
        final OrderState o = requireOpen(orderId);
        terminate(o, "CancelByAdmin", "EC_NoError");
    }

    /**
     * The account's next order create is acknowledged (retCode 0, orderId) and then rejected asynchronously: the
     * order stream pushes {@code orderStatus=Rejected, rejectReason=EC_Others}.
     */
    public void rejectNextOrder(final String apiKey)
    {
        rejectNextOrder(apiKey, "EC_Others");
    }

    /**
     * As {@link #rejectNextOrder(String)} with a chosen Bybit rejectReason (e.g. {@code EC_PostOnlyWillTakeLiquidity}).
     */
    public synchronized void rejectNextOrder(final String apiKey, final String rejectReason)
    {
        requireAccount(apiKey).pendingRejects.add(rejectReason);
    }

    /**
     * @return snapshots of all the account's orders, oldest first.
     */
    public synchronized List<SimOrder> orders(final String apiKey)
    {
        final List<SimOrder> out = new ArrayList<>();
        requireAccount(apiKey).orders.values().forEach(o -> out.add(o.snapshot()));
        return out;
    }

    /**
     * @return snapshot of the order with that orderId or orderLinkId, or null.
     */
    public synchronized SimOrder order(final String apiKey, final String orderIdOrLinkId)
    {
        final Account a = requireAccount(apiKey);
        OrderState o = a.orders.get(orderIdOrLinkId);
        if (o == null)
        {
            o = a.ordersByLinkId.get(orderIdOrLinkId);
        }
        return o == null ? null : o.snapshot();
    }

    /**
     * @return every fill of the account, oldest first.
     */
    public synchronized List<SimExecution> executions(final String apiKey)
    {
        return new ArrayList<>(requireAccount(apiKey).executions);
    }

    /**
     * @return the coin's wallet balance of the account as a decimal string ("0" if none).
     */
    public synchronized String walletBalance(final String apiKey, final String coin)
    {
        final Account.Balance b = requireAccount(apiKey).balances.get(coin);
        return b == null ? "0" : SimJson.dec(b.wallet);
    }

    /**
     * @return the signed linear position size of the account in that symbol ("0" if flat).
     */
    public synchronized String positionSize(final String apiKey, final String symbol)
    {
        final Account.Position p = requireAccount(apiKey).positions.get(symbol);
        return p == null ? "0" : SimJson.dec(p.size);
    }

    /**
     * @return the account's linear position in the symbol as {@code /v5/position/list} serves it (flat if none).
     */
    public synchronized SimPosition position(final String apiKey, final String symbol)
    {
        final Account a = requireAccount(apiKey);
        final Account.Position p = a.positions.getOrDefault(symbol, new Account.Position(symbol, now()));
        final String mark = price(symbol);
        final com.fasterxml.jackson.databind.node.ObjectNode n = BybitViews.position(p, mark == null ? "0" : mark, false);
        return new SimPosition(symbol, n.get("side").asText(), n.get("size").asText(), n.get("avgPrice").asText(),
            n.get("markPrice").asText(), n.get("unrealisedPnl").asText(), n.get("curRealisedPnl").asText(),
            n.get("cumRealisedPnl").asText(), p.seq, p.createdTime, p.updatedTime);
    }

    /**
     * @return every coin of the account's wallet as {@code /v5/account/wallet-balance} serves it, by coin name.
     */
    public synchronized List<SimCoinBalance> wallet(final String apiKey)
    {
        final Account a = requireAccount(apiKey);
        final List<SimCoinBalance> out = new ArrayList<>();
        for (final com.fasterxml.jackson.databind.JsonNode c : BybitViews.wallet(a, prices, null).get("coin"))
        {
            out.add(new SimCoinBalance(c.get("coin").asText(), c.get("walletBalance").asText(),
                c.get("locked").asText(), c.get("unrealisedPnl").asText(), c.get("equity").asText(),
                c.get("availableToWithdraw").asText(), c.get("cumRealisedPnl").asText()));
        }
        return out;
    }

    // ------------------------------------------------------------------ gap scheduling (used by Faults)

    synchronized void scheduleGapFill(final String orderId, final String qty)
    {
        final OrderState o = requireOpen(orderId);
        o.account.gapFills.add(new Account.PendingFill(orderId, new BigDecimal(qty)));
    }

    /** Called when a socket of the account has dropped, before any new socket of it can authenticate. */
    synchronized int applyGapFills(final Account account)
    {
        int applied = 0;
        for (final Iterator<Account.PendingFill> it = account.gapFills.iterator(); it.hasNext(); )
        {
            final Account.PendingFill f = it.next();
            it.remove();
            final OrderState o = ordersById.get(f.orderId());
            if (o != null && o.isOpen())
            {
                applyFill(o, f.qty(), o.price, true);
                applied++;
            }
        }
        return applied;
    }

    synchronized boolean hasGapFills(final Account account)
    {
        return !account.gapFills.isEmpty();
    }

    /** Look up an order in any account (test API). */
    synchronized String accountKeyOf(final String orderId)
    {
        final OrderState o = ordersById.get(orderId);
        if (o == null)
        {
            throw new IllegalArgumentException("unknown orderId " + orderId);
        }
        return o.account.apiKey;
    }

    // ------------------------------------------------------------------ REST commands

    synchronized OrderState createOrder(final Account a, final JsonNode req)
    {
        final String category = RequestParams.requiredText(req, "category");
        if (!"spot".equals(category) && !"linear".equals(category))
        {
            if ("inverse".equals(category) || "option".equals(category))
            {
                throw BybitError.params("category " + category + " is not supported by the simulator");
            }
            throw BybitError.params("category invalid");
        }
        final String symbol = RequestParams.requiredText(req, "symbol");
        if (!prices.containsKey(symbol))
        {
            throw new BybitError(10001, "params error: symbol invalid");
        }
        final String side = RequestParams.requiredText(req, "side");
        if (!"Buy".equals(side) && !"Sell".equals(side))
        {
            throw BybitError.params("side invalid");
        }
        final String orderType = RequestParams.requiredText(req, "orderType");
        if (!"Limit".equals(orderType) && !"Market".equals(orderType))
        {
            throw BybitError.params("orderType invalid");
        }
        final BigDecimal qty = RequestParams.requiredDecimal(req, "qty");
        if (qty.signum() <= 0)
        {
            throw new BybitError(170136, "Order quantity exceeded lower limit.");
        }
        BigDecimal price = RequestParams.optionalDecimal(req, "price");
        if ("Limit".equals(orderType))
        {
            if (price == null)
            {
                throw BybitError.params("price is required for Limit orders");
            }
            if (price.signum() <= 0)
            {
                throw new BybitError(170134, "Order price decimal too long.");
            }
        }
        else
        {
            price = null;
        }
        String tif = RequestParams.optionalText(req, "timeInForce");
        if (tif == null || tif.isEmpty())
        {
            tif = "GTC";
        }
        if (!tif.equals("GTC") && !tif.equals("IOC") && !tif.equals("FOK") && !tif.equals("PostOnly"))
        {
            throw BybitError.params("timeInForce invalid");
        }
        if ("Market".equals(orderType))
        {
            tif = "IOC";
        }
        String linkId = RequestParams.optionalText(req, "orderLinkId");
        if (linkId == null)
        {
            linkId = "";
        }
        if (!linkId.isEmpty() && !LINK_ID.matcher(linkId).matches())
        {
            throw BybitError.params("orderLinkId invalid");
        }
        if (!linkId.isEmpty() && a.ordersByLinkId.containsKey(linkId))
        {
            throw new BybitError(110072, "OrderLinkedID is duplicate");
        }
        String marketUnit = RequestParams.optionalText(req, "marketUnit");
        if ("spot".equals(category) && "Market".equals(orderType))
        {
            if (marketUnit == null || marketUnit.isEmpty())
            {
                marketUnit = "Buy".equals(side) ? "quoteCoin" : "baseCoin";
            }
            if (!"quoteCoin".equals(marketUnit) && !"baseCoin".equals(marketUnit))
            {
                throw BybitError.params("marketUnit invalid");
            }
        }
        else
        {
            marketUnit = "";
        }
        instrument(category, symbol).check(orderType, "quoteCoin".equals(marketUnit), qty, price, prices.get(symbol));

        final BigDecimal last = prices.get(symbol);
        final long now = now();
        final OrderState o = new OrderState(
            a, uuid(), linkId, category, symbol, side, orderType, price, qty, tif, marketUnit, SimJson.dec(last), now,
            ++creationSeq);

        final String reject = a.pendingRejects.poll();
        if (reject == null && "spot".equals(category))
        {
            reserveSpot(a, o, last);
        }
        else if (reject == null)
        {
            checkLinearMargin(a, o, last);
        }
        register(a, o);
        if (reject != null)
        {
            o.status = "Rejected";
            o.rejectReason = reject;
            pushOrder(o);
            return o;
        }

        pushOrder(o);
        if ("linear".equals(category))
        {
            pushPosition(a, symbol);
        }
        if (o.lockedRemaining.signum() > 0)
        {
            pushWallet(a);
        }

        final boolean marketable = o.price == null ||
            (o.isBuy() ? o.price.compareTo(last) >= 0 : o.price.compareTo(last) <= 0);
        if (marketable)
        {
            if ("PostOnly".equals(tif))
            {
                terminate(o, "UNKNOWN", "EC_PostOnlyWillTakeLiquidity");
            }
            else
            {
                BigDecimal fillQty = o.qty;
                if ("quoteCoin".equals(o.marketUnit))
                {
                    fillQty = o.qty.divide(last, 8, RoundingMode.DOWN);
                }
                applyFill(o, fillQty, last, false);
            }
        }
        else if ("IOC".equals(tif) || "FOK".equals(tif))
        {
            terminate(o, "UNKNOWN", "EC_NoImmediateQtyToFill");
        }
        return o;
    }

    synchronized OrderState cancelOrder(final Account a, final JsonNode req)
    {
        final String category = RequestParams.requiredText(req, "category");
        RequestParams.requiredText(req, "symbol");
        final String orderId = RequestParams.optionalText(req, "orderId");
        final String linkId = RequestParams.optionalText(req, "orderLinkId");
        if ((orderId == null || orderId.isEmpty()) && (linkId == null || linkId.isEmpty()))
        {
            throw BybitError.params("OrderId or orderLinkId is required");
        }
        final OrderState o = orderId != null && !orderId.isEmpty() ?
            a.orders.get(orderId) : a.ordersByLinkId.get(linkId);
        if (o == null || !o.isOpen() || !o.category.equals(category))
        {
            throw new BybitError(110001, "Order does not exist");
        }
        terminate(o, "CancelByUser", "EC_NoError");
        return o;
    }

    /**
     * Disconnection Protection fired: cancel every open order of the account in these categories with
     * {@code cancelType=CancelByDCP}, pushed like any cancel. {@code record} gets the orderIds (oldest first) before
     * the first cancel is pushed, so whoever sees a push can already read why.
     */
    synchronized void cancelAllByDcp(
        final Account a, final java.util.Set<String> categories, final java.util.function.Consumer<List<String>> record)
    {
        final List<OrderState> open = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        for (final OrderState o : a.orders.values())
        {
            if (o.isOpen() && categories.contains(o.category))
            {
                open.add(o);
                ids.add(o.orderId);
            }
        }
        record.accept(List.copyOf(ids));
        for (final OrderState o : open)
        {
            terminate(o, "CancelByDCP", "EC_NoError");
        }
    }

    /**
     * {@code /v5/order/amend}: new price and/or qty of an open limit order, addressed by orderId or orderLinkId
     * (orderId wins). The new values pass the instrument rules; qty must stay above the filled quantity (110064);
     * a spot order's lock follows (170131 if the extra is not available). Pushes the order (and position for
     * linear, wallet when the lock changed); an amended price that crosses the market fills at once as taker
     * (PostOnly is then cancelled with {@code EC_PostOnlyWillTakeLiquidity}).
     */
    synchronized OrderState amendOrder(final Account a, final JsonNode req)
    {
        final String category = RequestParams.requiredText(req, "category");
        final String symbol = RequestParams.requiredText(req, "symbol");
        final OrderState o = findOpen(a, req, category, symbol);
        for (final String unsupported : new String[] {"triggerPrice", "takeProfit", "stopLoss", "tpslMode",
            "tpLimitPrice", "slLimitPrice", "orderIv"})
        {
            final JsonNode value = req.get(unsupported);
            if (value != null && !value.isNull() && !value.asText().isEmpty())
            {
                // the simulator has no conditional or TP/SL orders: refuse rather than ignore what the client asked
                throw BybitError.params(unsupported + " is not supported by the simulator");
            }
        }
        final BigDecimal newQty = RequestParams.optionalDecimal(req, "qty");
        final BigDecimal newPrice = RequestParams.optionalDecimal(req, "price");
        if (newQty == null && newPrice == null)
        {
            throw BybitError.params("qty or price is required to amend");
        }
        if (o.price == null)
        {
            throw new BybitError(110001, "Order does not exist");
        }
        final BigDecimal qty = newQty == null ? o.qty : newQty;
        final BigDecimal price = newPrice == null ? o.price : newPrice;
        if (qty.compareTo(o.qty) == 0 && price.compareTo(o.price) == 0)
        {
            throw new BybitError(34040, "Not modified.");
        }
        if (price.signum() <= 0)
        {
            throw "spot".equals(category) ? new BybitError(170133, "Order price lower than the minimum.") :
                BybitError.params("price invalid");
        }
        if (qty.compareTo(o.cumExecQty) <= 0)
        {
            throw new BybitError(110064,
                "The modified contract quantity cannot be less than or equal to the filled quantity.");
        }
        final BigDecimal last = prices.get(symbol);
        instrument(category, symbol).check(o.orderType, false, qty, price, last);
        boolean lockChanged = false;
        if (!o.lockedCoin.isEmpty())
        {
            final BigDecimal leaves = qty.subtract(o.cumExecQty);
            final BigDecimal needed = o.isBuy() ? leaves.multiply(price) : leaves;
            final Account.Balance b = a.balance(o.lockedCoin);
            if (b.available().add(o.lockedRemaining).compareTo(needed) < 0)
            {
                throw new BybitError(170131, "Insufficient balance.");
            }
            lockChanged = needed.compareTo(o.lockedRemaining) != 0;
            b.locked = b.locked.subtract(o.lockedRemaining).add(needed);
            o.lockedRemaining = needed;
        }
        o.qty = qty;
        o.price = price;
        o.updatedTime = now();
        pushOrder(o);
        if (!"spot".equals(category))
        {
            pushPosition(a, symbol);
        }
        if (lockChanged)
        {
            pushWallet(a);
        }
        if (o.isBuy() ? price.compareTo(last) >= 0 : price.compareTo(last) <= 0)
        {
            if ("PostOnly".equals(o.timeInForce))
            {
                terminate(o, "UNKNOWN", "EC_PostOnlyWillTakeLiquidity");
            }
            else
            {
                applyFill(o, o.leavesQty(), last, false);
            }
        }
        return o;
    }

    /**
     * {@code /v5/order/cancel-all}: cancel every open order of the category, narrowed by symbol, baseCoin or
     * settleCoin (linear needs one of them). Each cancel is pushed as a single cancel would be.
     *
     * @return the cancelled orders, oldest first.
     */
    synchronized List<OrderState> cancelAll(final Account a, final JsonNode req)
    {
        final String category = RequestParams.requiredText(req, "category");
        if (!"spot".equals(category) && !"linear".equals(category) && !"inverse".equals(category) &&
            !"option".equals(category))
        {
            throw BybitError.params("category invalid");
        }
        final String symbol = RequestParams.optionalText(req, "symbol");
        final String baseCoin = RequestParams.optionalText(req, "baseCoin");
        final String settleCoin = RequestParams.optionalText(req, "settleCoin");
        if (("linear".equals(category) || "inverse".equals(category)) &&
            isEmpty(symbol) && isEmpty(baseCoin) && isEmpty(settleCoin))
        {
            throw BybitError.params("symbol, baseCoin or settleCoin is required");
        }
        final String filter = RequestParams.optionalText(req, "orderFilter");
        final List<OrderState> cancelled = new ArrayList<>();
        if (!isEmpty(filter) && !"Order".equals(filter) && !"OpenOrder".equals(filter))
        {
            return cancelled; // the simulator has no conditional, TP/SL or OCO orders to cancel
        }
        for (final OrderState o : new ArrayList<>(a.orders.values()))
        {
            final String[] pair = split(o.symbol);
            if (o.isOpen() && o.category.equals(category) &&
                (isEmpty(symbol) || o.symbol.equals(symbol)) &&
                (isEmpty(baseCoin) || pair[0].equals(baseCoin)) &&
                (isEmpty(settleCoin) || pair[1].equals(settleCoin)))
            {
                terminate(o, "CancelByUser", "EC_NoError");
                cancelled.add(o);
            }
        }
        return cancelled;
    }

    /** The instrument an order in that category and symbol must satisfy; 10001 when the category lists none. */
    private Instrument instrument(final String category, final String symbol)
    {
        final Instrument instrument = instruments.get(category, symbol);
        if (instrument == null)
        {
            throw new BybitError(10001, "params error: symbol invalid");
        }
        return instrument;
    }

    private static OrderState findOpen(final Account a, final JsonNode req, final String category, final String symbol)
    {
        final String orderId = RequestParams.optionalText(req, "orderId");
        final String linkId = RequestParams.optionalText(req, "orderLinkId");
        if (isEmpty(orderId) && isEmpty(linkId))
        {
            throw BybitError.params("OrderId or orderLinkId is required");
        }
        final OrderState o = !isEmpty(orderId) ? a.orders.get(orderId) : a.ordersByLinkId.get(linkId);
        if (o == null || !o.isOpen() || !o.category.equals(category) || !o.symbol.equals(symbol))
        {
            throw new BybitError(110001, "Order does not exist");
        }
        return o;
    }

    private static boolean isEmpty(final String s)
    {
        return s == null || s.isEmpty();
    }

    /**
     * Set some trading rules of a spot or linear instrument (null keeps the default); see {@link Instrument}.
     */
    synchronized void configureInstrument(
        final String category, final String symbol, final BigDecimal tickSize, final BigDecimal qtyStep,
        final BigDecimal minOrderQty, final BigDecimal minNotional)
    {
        instruments.configure(category, symbol, new Instruments.Rules(tickSize, qtyStep, minOrderQty, minNotional));
    }

    // ------------------------------------------------------------------ market data (callers hold the lock)

    Instruments instruments()
    {
        return instruments;
    }

    MarketTape tape()
    {
        return tape;
    }

    /** Every order of every account, in creation order. */
    java.util.Collection<OrderState> allOrders()
    {
        return ordersById.values();
    }

    /** The last sequence number handed out (order book update id). */
    long lastSeq()
    {
        return seq;
    }

    // ------------------------------------------------------------------ internals

    private void register(final Account a, final OrderState o)
    {
        a.orders.put(o.orderId, o);
        if (!o.orderLinkId.isEmpty())
        {
            a.ordersByLinkId.put(o.orderLinkId, o);
        }
        ordersById.put(o.orderId, o);
    }

    private void reserveSpot(final Account a, final OrderState o, final BigDecimal last)
    {
        final String[] pair = split(o.symbol);
        if (o.isBuy())
        {
            final BigDecimal cost;
            if (o.price != null)
            {
                cost = o.qty.multiply(o.price);
            }
            else if ("quoteCoin".equals(o.marketUnit))
            {
                cost = o.qty;
            }
            else
            {
                cost = o.qty.multiply(last);
            }
            final Account.Balance quote = a.balance(pair[1]);
            if (quote.available().compareTo(cost) < 0)
            {
                throw new BybitError(170131, "Insufficient balance.");
            }
            if (o.price != null)
            {
                quote.locked = quote.locked.add(cost);
                o.lockedRemaining = cost;
                o.lockedCoin = pair[1];
            }
        }
        else
        {
            final Account.Balance base = a.balance(pair[0]);
            if (base.available().compareTo(o.qty) < 0)
            {
                throw new BybitError(170131, "Insufficient balance.");
            }
            if (o.price != null)
            {
                base.locked = base.locked.add(o.qty);
                o.lockedRemaining = o.qty;
                o.lockedCoin = pair[0];
            }
        }
    }

    /**
     * Initial margin (10x) of the part of a linear order that would grow the position must fit in the settle coin's
     * available balance (wallet - spot locks - position IM - open order IM); the part that reduces it needs none.
     */
    private void checkLinearMargin(final Account a, final OrderState o, final BigDecimal last)
    {
        final Account.Position p = a.positions.get(o.symbol);
        final BigDecimal size = p == null ? BigDecimal.ZERO : p.size;
        final boolean reduces = size.signum() != 0 && (size.signum() > 0) != o.isBuy();
        final BigDecimal growing = reduces ? o.qty.subtract(size.abs()).max(BigDecimal.ZERO) : o.qty;
        if (growing.signum() == 0)
        {
            return;
        }
        final String coin = split(o.symbol)[1];
        final BigDecimal needed = growing.multiply(o.price != null ? o.price : last)
            .divide(BybitViews.LEVERAGE, 8, RoundingMode.HALF_UP);
        final BigDecimal[] m = BybitViews.linearMargins(a, prices).getOrDefault(coin, BybitViews.ZEROS);
        final BigDecimal available = a.balance(coin).available().subtract(m[1]).subtract(m[3]);
        if (needed.compareTo(available) > 0)
        {
            throw new BybitError(110007, "ab not enough for new order");
        }
    }

    private void releaseLock(final OrderState o, final BigDecimal amount)
    {
        if (o.lockedCoin.isEmpty())
        {
            return;
        }
        final BigDecimal release = amount.min(o.lockedRemaining);
        final Account.Balance b = o.account.balance(o.lockedCoin);
        b.locked = b.locked.subtract(release).max(BigDecimal.ZERO);
        o.lockedRemaining = o.lockedRemaining.subtract(release);
    }

    private void terminate(final OrderState o, final String cancelType, final String rejectReason)
    {
        final boolean spot = "spot".equals(o.category);
        o.status = spot && o.cumExecQty.signum() > 0 ? "PartiallyFilledCanceled" : "Cancelled";
        o.cancelType = cancelType;
        o.rejectReason = rejectReason;
        o.updatedTime = now();
        final boolean hadLock = o.lockedRemaining.signum() > 0;
        releaseLock(o, o.lockedRemaining);
        pushOrder(o);
        if (!spot)
        {
            pushPosition(o.account, o.symbol);
        }
        if (hadLock)
        {
            pushWallet(o.account);
        }
    }

    private void applyFill(final OrderState o, final BigDecimal requested, final BigDecimal execPrice, final boolean maker)
    {
        final BigDecimal execQty = requested.min(o.leavesQty());
        if (execQty.signum() <= 0)
        {
            return;
        }
        final Account a = o.account;
        final BigDecimal value = execQty.multiply(execPrice);
        final boolean spot = "spot".equals(o.category);
        final BigDecimal feeRate = spot ? SPOT_FEE : maker ? LINEAR_MAKER_FEE : LINEAR_TAKER_FEE;
        final BigDecimal fee;
        final String feeCurrency;
        String closedSize = "";
        final long fillSeq = ++seq;
        if (spot)
        {
            final String[] pair = split(o.symbol);
            final Account.Balance base = a.balance(pair[0]);
            final Account.Balance quote = a.balance(pair[1]);
            if (o.isBuy())
            {
                releaseLock(o, o.price == null ? value : execQty.multiply(o.price));
                fee = execQty.multiply(feeRate);
                feeCurrency = pair[0];
                quote.wallet = quote.wallet.subtract(value);
                base.wallet = base.wallet.add(execQty).subtract(fee);
            }
            else
            {
                releaseLock(o, execQty);
                fee = value.multiply(feeRate);
                feeCurrency = pair[1];
                base.wallet = base.wallet.subtract(execQty);
                quote.wallet = quote.wallet.add(value).subtract(fee);
            }
        }
        else
        {
            fee = value.multiply(feeRate);
            feeCurrency = "USDT";
            final Account.Balance usdt = a.balance("USDT");
            usdt.wallet = usdt.wallet.subtract(fee);
            closedSize = SimJson.dec(updatePosition(a, o, execQty, execPrice, fee, fillSeq, usdt));
        }
        o.cumExecQty = o.cumExecQty.add(execQty);
        o.cumExecValue = o.cumExecValue.add(value);
        o.cumExecFee = o.cumExecFee.add(fee);
        o.feeCurrency = feeCurrency;
        final long now = now();
        final long execTime = Math.max(now, lastExecTime);
        lastExecTime = execTime;
        o.updatedTime = now;
        final boolean quoteMarket = "quoteCoin".equals(o.marketUnit);
        if (quoteMarket || o.cumExecQty.compareTo(o.qty) >= 0)
        {
            o.status = "Filled";
            releaseLock(o, o.lockedRemaining);
        }
        else
        {
            o.status = "PartiallyFilled";
        }
        final SimExecution e = new SimExecution(
            uuid(), o.orderId, o.orderLinkId, o.category, o.symbol, o.side, SimJson.dec(execQty),
            SimJson.dec(execPrice), SimJson.dec(value), SimJson.dec(fee), SimJson.dec(feeRate), feeCurrency, maker,
            SimJson.dec(o.leavesQty()), o.priceText(), SimJson.dec(o.qty), o.orderType, closedSize, execTime, fillSeq);
        a.executions.add(e);
        tape.print(new MarketTape.Print(e.execId(), o.category, o.symbol, execPrice, execQty,
            maker == o.isBuy() ? "Sell" : "Buy", execTime, fillSeq));

        final ArrayNode execData = SimJson.array();
        execData.add(BybitViews.execution(e, true));
        sink.push(a, PushTopic.EXECUTION, o.category, o.symbol, fillSeq, execData);
        final ArrayNode fastData = SimJson.array();
        fastData.add(BybitViews.executionFast(e));
        sink.push(a, PushTopic.EXECUTION_FAST, o.category, o.symbol, fillSeq, fastData);
        pushOrder(o);
        if (!spot)
        {
            pushPosition(a, o.symbol);
        }
        pushWallet(a);
    }

    private BigDecimal updatePosition(
        final Account a, final OrderState o, final BigDecimal qty, final BigDecimal price, final BigDecimal fee,
        final long fillSeq, final Account.Balance usdt)
    {
        final Account.Position p = a.positions.computeIfAbsent(o.symbol, s -> new Account.Position(s, now()));
        final BigDecimal signed = o.isBuy() ? qty : qty.negate();
        BigDecimal closed = BigDecimal.ZERO;
        if (p.size.signum() == 0)
        {
            p.curRealisedPnl = BigDecimal.ZERO; // a new holding: Bybit's curRealisedPnl is per holding
        }
        // Bybit's realised PnL counts trading fees (an opening fill realises -fee)
        p.curRealisedPnl = p.curRealisedPnl.subtract(fee);
        p.cumRealisedPnl = p.cumRealisedPnl.subtract(fee);
        usdt.cumRealisedPnl = usdt.cumRealisedPnl.subtract(fee);
        if (p.size.signum() == 0 || p.size.signum() == signed.signum())
        {
            final BigDecimal total = p.size.abs().add(qty);
            p.avgPrice = p.size.abs().multiply(p.avgPrice).add(qty.multiply(price)).divide(total, 8, RoundingMode.HALF_UP);
            p.size = p.size.add(signed);
        }
        else
        {
            closed = qty.min(p.size.abs());
            final BigDecimal pnl = price.subtract(p.avgPrice).multiply(closed).multiply(BigDecimal.valueOf(p.size.signum()));
            usdt.wallet = usdt.wallet.add(pnl);
            usdt.cumRealisedPnl = usdt.cumRealisedPnl.add(pnl);
            p.curRealisedPnl = p.curRealisedPnl.add(pnl);
            p.cumRealisedPnl = p.cumRealisedPnl.add(pnl);
            final BigDecimal before = p.size;
            p.size = p.size.add(signed);
            if (p.size.signum() == 0)
            {
                p.avgPrice = BigDecimal.ZERO;
            }
            else if (p.size.signum() != before.signum())
            {
                p.avgPrice = price;
            }
        }
        p.updatedTime = now();
        p.seq = fillSeq;
        return closed;
    }

    private void pushOrder(final OrderState o)
    {
        final ArrayNode data = SimJson.array();
        data.add(BybitViews.order(o, true));
        sink.push(o.account, PushTopic.ORDER, o.category, o.symbol, ++seq, data);
    }

    private void pushWallet(final Account a)
    {
        final ArrayNode data = SimJson.array();
        data.add(BybitViews.wallet(a, prices, null));
        sink.push(a, PushTopic.WALLET, "", "", ++seq, data);
    }

    private void pushPosition(final Account a, final String symbol)
    {
        final Account.Position p = a.positions.computeIfAbsent(symbol, s -> new Account.Position(s, now()));
        final ArrayNode data = SimJson.array();
        data.add(BybitViews.position(p, SimJson.dec(prices.get(symbol)), true));
        sink.push(a, PushTopic.POSITION, "linear", symbol, p.seq <= 0 ? ++seq : p.seq, data);
    }

    private OrderState requireOpen(final String orderId)
    {
        final OrderState o = ordersById.get(orderId);
        if (o == null)
        {
            throw new IllegalArgumentException("unknown orderId " + orderId);
        }
        if (!o.isOpen())
        {
            throw new IllegalStateException("order " + orderId + " is " + o.status);
        }
        return o;
    }

    private Account requireAccount(final String apiKey)
    {
        final Account a = accounts.get(apiKey);
        if (a == null)
        {
            throw new IllegalArgumentException("unknown apiKey " + apiKey);
        }
        return a;
    }

    static String[] split(final String symbol)
    {
        for (final String quote : QUOTES)
        {
            if (symbol.endsWith(quote) && symbol.length() > quote.length())
            {
                return new String[] {symbol.substring(0, symbol.length() - quote.length()), quote};
            }
        }
        return new String[] {symbol, "USDT"};
    }
}
