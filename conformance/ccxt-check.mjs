// ccxt 4.5.84 (REST `bybit` and pro `bybit`), unmodified, trading spot BTC/USDT on bybit-sim.
// How ccxt is pointed at the simulator: every entry of `urls.api` (REST and ws) is replaced by a loopback URL,
// and `await exchange.loadHttpProxyAgent()` is called once before the first watch*: ccxt refuses plain ws:// URLs
// on node until an http agent is loaded ("to use proxy with non-ssl ws:// urls, at first run
// `await exchange.loadHttpProxyAgent()` method").
import ccxt from 'ccxt';
import { REST, WS, KEY, SECRET, check, expect, within, throwsA, finish } from './harness.mjs';

const wsBase = WS.replace(/\/v5\/private$/, '');
function pointAtSim(exchange) {
  const ws = {
    public: { spot: wsBase + '/v5/public/spot', linear: wsBase + '/v5/public/linear',
      inverse: wsBase + '/v5/public/inverse', option: wsBase + '/v5/public/option' },
    private: { spot: { unified: WS, nonUnified: WS }, contract: WS, usdc: WS, trade: wsBase + '/v5/trade' },
  };
  exchange.urls['api'] = { spot: REST, futures: REST, v2: REST, public: REST, private: REST, ws };
  return exchange;
}
const config = { apiKey: KEY, secret: SECRET, enableRateLimit: false, timeout: 10000 };
const rest = pointAtSim(new ccxt.bybit(config));
const pro = pointAtSim(new ccxt.pro.bybit(config));
const SYMBOL = 'BTC/USDT';

await check('fault: 10006 on /v5/market/tickers surfaces as RateLimitExceeded', () =>
  throwsA(rest.fetchTicker(SYMBOL), 'RateLimitExceeded'));
await check('fault: HTTP 503 on /v5/market/orderbook surfaces as ExchangeNotAvailable', () =>
  throwsA(rest.fetchOrderBook(SYMBOL), 'ExchangeNotAvailable'));

await check('loadMarkets: spot and linear from instruments-info, currencies from coin/query-info', async () => {
  const markets = await rest.loadMarkets();
  const spot = markets[SYMBOL];
  const perp = markets['BTC/USDT:USDT'];
  expect(spot && spot.spot && spot.precision.price === 0.01 && spot.precision.amount === 0.000001, 'BTC/USDT tick 0.01, lot 0.000001, got ' + JSON.stringify(spot?.precision));
  expect(spot.limits.cost.min === 5, 'min cost 5, got ' + spot.limits.cost.min);
  expect(perp && perp.swap && perp.linear && perp.precision.price === 0.1, 'BTC/USDT:USDT linear swap tick 0.1');
  expect(rest.currencies['BTC'] && rest.currencies['USDT'], 'currencies BTC and USDT');
  return Object.keys(markets).length + ' markets';
});
await check('pro: loadMarkets and account type (user/query-api + account/info)', async () => {
  await pro.loadMarkets();
  const [margin, uta] = await pro.isUnifiedEnabled();
  expect(uta === true && margin === false, 'a unified trade account, got ' + [margin, uta]);
});
await check('fetchTicker reflects the simulated last price', async () => {
  const t = await rest.fetchTicker(SYMBOL);
  expect(t.last === 50000 && t.bid === 50000 && t.ask === 50000, 'last/bid/ask 50000, got ' + [t.last, t.bid, t.ask]);
  return 'last ' + t.last;
});
await check('fetchOrderBook', async () => {
  const ob = await rest.fetchOrderBook(SYMBOL, 5);
  expect(ob.bids.length >= 1 && ob.asks.length >= 1 && ob.bids[0][0] === 50000, 'top of book at 50000');
});
await check('fetchTime and fetchTickers', async () => {
  const time = await rest.fetchTime();
  expect(Math.abs(time - Date.now()) < 5000, 'the server time near now, got ' + time);
  const tickers = await rest.fetchTickers(['BTC/USDT', 'ETH/USDT']);
  expect(tickers['BTC/USDT'].last === 50000 && tickers['ETH/USDT'].last === 3000, 'both spot tickers');
});
await check('fetchTradingFee equals what the engine charges', async () => {
  const fee = await rest.fetchTradingFee(SYMBOL);
  expect(fee.taker === 0.001 && fee.maker === 0.001, 'spot 0.1%/0.1%, got ' + [fee.taker, fee.maker]);
});
await check('fetchBalance', async () => {
  const b = await rest.fetchBalance();
  expect(b['USDT'].total === 1000000 && b['BTC'].total === 100, 'USDT 1000000, BTC 100, got ' + [b['USDT']?.total, b['BTC']?.total]);
});

await pro.loadHttpProxyAgent();
let orderId;
await check('watchOrders(BTC/USDT) fires for a REST limit order, filed under BTC/USDT', async () => {
  const watching = pro.watchOrders(SYMBOL);
  await new Promise((r) => setTimeout(r, 500)); // let the socket authenticate and subscribe
  const o = await rest.createOrder(SYMBOL, 'limit', 'buy', 0.01, 40000);
  orderId = o.id;
  const seen = await within(10000, watching, 'an order push');
  const mine = seen.find((x) => x.id === orderId);
  expect(mine && mine.symbol === SYMBOL && mine.status === 'open', 'the new order, open, on BTC/USDT; got ' + JSON.stringify(seen.map((x) => [x.id, x.symbol, x.status])));
});
await check('fetchOpenOrders lists it', async () => {
  const open = await rest.fetchOpenOrders(SYMBOL);
  expect(open.some((o) => o.id === orderId && o.price === 40000 && o.amount === 0.01), 'the order at 40000 x 0.01');
});
await check('editOrder (amend price and qty) and the amended order reads back', async () => {
  await rest.editOrder(orderId, SYMBOL, 'limit', 'buy', 0.02, 41000);
  const o = await rest.fetchOpenOrder(orderId, SYMBOL);
  expect(o.price === 41000 && o.amount === 0.02, 'price 41000 qty 0.02, got ' + [o.price, o.amount]);
});
await check('cancelOrder, then fetchCanceledAndClosedOrders shows it', async () => {
  const o = await rest.createOrder(SYMBOL, 'limit', 'sell', 0.01, 61000);
  await rest.cancelOrder(o.id, SYMBOL);
  const closed = await rest.fetchCanceledAndClosedOrders(SYMBOL);
  const mine = closed.find((x) => x.id === o.id);
  expect(mine && mine.status === 'canceled', 'the order, canceled; got ' + JSON.stringify(mine && [mine.id, mine.status]));
});
await check('watchMyTrades fires for a market sell fill, with fee', async () => {
  const watching = pro.watchMyTrades(SYMBOL);
  await new Promise((r) => setTimeout(r, 300));
  await rest.createOrder(SYMBOL, 'market', 'sell', 0.01);
  const trades = await within(10000, watching, 'an execution push');
  const t = trades[trades.length - 1];
  expect(t.symbol === SYMBOL && t.side === 'sell' && t.price === 50000 && t.fee && t.fee.cost > 0, 'a sell at 50000 with a fee; got ' + JSON.stringify([t.symbol, t.side, t.price, t.fee]));
});
await check('fetchMyTrades', async () => {
  const trades = await rest.fetchMyTrades(SYMBOL);
  expect(trades.length >= 1 && trades.every((t) => t.symbol === SYMBOL), 'trades on BTC/USDT');
});
await check('fetchTrades shows the print', async () => {
  const trades = await rest.fetchTrades(SYMBOL);
  expect(trades.length >= 1 && trades[0].price === 50000 && trades[0].amount === 0.01, 'a public trade 0.01 @ 50000');
});
await check('fetchOHLCV', async () => {
  const candles = await rest.fetchOHLCV(SYMBOL, '1m', undefined, 5);
  const last = candles[candles.length - 1];
  expect(candles.length >= 1 && last[4] === 50000 && last[5] >= 0.01, 'a 1m candle closing at 50000 with volume, got ' + JSON.stringify(last));
});
await check('fetchOHLCV since (forward from start)', async () => {
  const since = Date.now() - 10 * 60_000;
  const candles = await rest.fetchOHLCV(SYMBOL, '1m', since, 3);
  expect(candles.length >= 1 && candles.length <= 3 && candles.every((c) => c[0] >= since) &&
    candles.every((c, i) => i === 0 || c[0] > candles[i - 1][0]), 'up to 3 ascending candles from since, got ' + JSON.stringify(candles));
});
await check('watchBalance fires when an order locks funds', async () => {
  const watching = pro.watchBalance();
  await new Promise((r) => setTimeout(r, 300));
  await rest.createOrder(SYMBOL, 'limit', 'buy', 0.001, 39000);
  const b = await within(10000, watching, 'a wallet push');
  expect(b['USDT'] && b['USDT'].total > 0, 'a USDT balance');
});
let batchIds;
await check('createOrders (create-batch)', async () => {
  const orders = await rest.createOrders([
    { symbol: SYMBOL, type: 'limit', side: 'buy', amount: 0.001, price: 38000 },
    { symbol: SYMBOL, type: 'limit', side: 'sell', amount: 0.001, price: 62000 },
  ]);
  batchIds = orders.map((o) => o.id);
  expect(batchIds.length === 2 && batchIds.every((id) => id), 'two order ids');
});
await check('cancelOrders (cancel-batch)', async () => {
  await rest.cancelOrders(batchIds, SYMBOL);
  const open = await rest.fetchOpenOrders(SYMBOL);
  expect(!open.some((o) => batchIds.includes(o.id)), 'both cancelled');
});
await check('cancelAllOrders (cancel-all)', async () => {
  await rest.cancelAllOrders(SYMBOL);
  const open = await rest.fetchOpenOrders(SYMBOL);
  expect(open.length === 0, 'no open orders, got ' + open.length);
});
await check('rules: an order below minOrderAmt is InvalidOrder (170140)', () =>
  throwsA(rest.createOrder(SYMBOL, 'limit', 'buy', 0.00001, 40000), 'InvalidOrder'));
await check('rules: more than the balance is InsufficientFunds (170131)', () =>
  throwsA(rest.createOrder(SYMBOL, 'limit', 'buy', 100, 40000), 'InsufficientFunds'));
await check('cancelOrder of an unknown id is OrderNotFound', () =>
  throwsA(rest.cancelOrder('00000000-0000-0000-0000-000000000000', SYMBOL), 'OrderNotFound'));

await pro.close();
await finish();
